"""A realistic Email Pro matrix (from its 17 November 2022 page) for the admin browser tests."""

from responsibilities.formats.matrix import Matrix, MatrixActivity, MatrixSection


def _rows(*rows):
    return [
        MatrixActivity(text=text, cells={"Customer": customer, "OVHcloud": provider})
        for text, customer, provider in rows
    ]


def email_pro_matrix() -> Matrix:
    return Matrix(
        parties=["Customer", "OVHcloud"],
        title="Email Pro Responsibility model",
        introduction="The RACI below details shared responsibilities between OVHcloud and the customer for Email Pro.",
        sections=[
            MatrixSection(
                title="Before subscription",
                children=[
                    MatrixSection(
                        title="Specify service as needed",
                        activities=_rows(
                            ("Define and configure a domain name before service subscription", "RA", ""),
                            ("Choose the service's sizing 10GB", "RA", "I"),
                            ("Define the version of Exchange and the mutualized infrastructure", "", "RA"),
                            ("Choose service location in EU", "I", "RA"),
                        ),
                    )
                ],
            ),
            MatrixSection(
                title="Service availability",
                children=[
                    MatrixSection(
                        title="Install service",
                        activities=_rows(
                            ("Install, configure, and deliver functional bricks of the service", "I", "RA"),
                            ("Provide service licences", "I", "RA"),
                        ),
                    ),
                    MatrixSection(
                        title="Reversibility model",
                        activities=_rows(("Choose a migrator tool to import email accounts", "RA", "")),
                    ),
                ],
            ),
            MatrixSection(
                title="Service usage",
                children=[
                    MatrixSection(
                        title="Operations",
                        children=[
                            MatrixSection(
                                title="Daily operations",
                                activities=_rows(
                                    ("Manage confidentiality, integrity of data hosted on the service", "RA", ""),
                                    ("Manage data availability on the hosted service following OVHcloud SLA", "", "RA"),
                                    ("Administrate domain, mailboxes, aliases, external contacts", "RA", "RI"),
                                    ("Manage backups on the service", "", "RA"),
                                ),
                            )
                        ],
                    )
                ],
            ),
        ],
    )
