"""A realistic matrix for reading tests: part of the real Email Pro page of 17 November 2022.

(fixtures/pages/email-pro/2022-11-17.md; the importer lives on another branch, so the rows are
copied here as the plain structure.)
"""

import datetime
import uuid

from responsibilities.formats.matrix import Matrix, MatrixActivity, MatrixSection

PARTIES = ["Customer", "OVHcloud"]


def _rows(*rows):
    # Stable keys give a stable fingerprint (and an unchanged docs/print.png from run to run).
    return [
        MatrixActivity(
            text=text, cells=dict(zip(PARTIES, cells, strict=True)), key=str(uuid.uuid5(uuid.NAMESPACE_URL, text))
        )
        for text, *cells in rows
    ]


def email_pro_matrix() -> Matrix:
    """Sections 1 to 3 of Email Pro: 16 activities, the customer R for 8 of them."""
    return Matrix(
        parties=list(PARTIES),
        title="Email Pro - Responsibility model",
        introduction="The RACI below details shared responsibilities between OVHcloud and the customer.",
        last_updated=datetime.date(2022, 11, 17),
        sections=[
            MatrixSection(
                "Before subscription",
                children=[
                    MatrixSection(
                        "Specify service as needed",
                        _rows(
                            ("Define and configure a domain name before service subscription", "RA", ""),
                            ("Choose the service's sizing 10GB", "RA", "I"),
                            ("Define the version of Exchange and the mutualized infrastructure", "", "RA"),
                            ("Choose service location in EU", "I", "RA"),
                        ),
                    )
                ],
            ),
            MatrixSection(
                "Service availability",
                children=[
                    MatrixSection(
                        "Install service",
                        _rows(
                            ("Install, configure, and deliver functional bricks of the service", "I", "RA"),
                            ("Provide service licences", "I", "RA"),
                        ),
                    ),
                    MatrixSection(
                        "Reversibility model",
                        _rows(("Choose a migrator tool to import email accounts from another service", "RA", "")),
                    ),
                ],
            ),
            MatrixSection(
                "Service usage",
                children=[
                    MatrixSection(
                        "Operations",
                        children=[
                            MatrixSection(
                                "Daily operations",
                                _rows(
                                    ("Manage confidentiality, integrity of data hosted on the service", "RA", ""),
                                    ("Manage data availability on the hosted service following OVHcloud SLA", "", "RA"),
                                    ("Manage risks of the client software being used (Outlook, Thunderbird)", "RA", ""),
                                    ("Administrate domain, mailboxes, aliases, external contacts", "RA", "RI"),
                                    ("Manage backups on the service", "", "RA"),
                                ),
                            ),
                            MatrixSection(
                                "Access management",
                                _rows(
                                    ("Manage access to control plane", "A", "RI"),
                                    ("Manage access to mail service and data plane", "RA", "I"),
                                    (
                                        "Manage physical and logical access to infrastructures for OVHcloud teams",
                                        "",
                                        "RA",
                                    ),
                                ),
                            ),
                        ],
                    ),
                    MatrixSection("Event management", _rows(("Notify incidents with the ticketing system", "RA", "I"))),
                ],
            ),
        ],
    )


#: The activities where the customer holds R, in reading order.
CUSTOMER_R = [
    "Define and configure a domain name before service subscription",
    "Choose the service's sizing 10GB",
    "Choose a migrator tool to import email accounts from another service",
    "Manage confidentiality, integrity of data hosted on the service",
    "Manage risks of the client software being used (Outlook, Thunderbird)",
    "Administrate domain, mailboxes, aliases, external contacts",
    "Manage access to mail service and data plane",
    "Notify incidents with the ticketing system",
]
