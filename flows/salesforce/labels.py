"""Every visible name the Salesforce flow looks for, English and French (PORTALS.md). Extend freely.

French names marked (fr?) in PORTALS.md are unconfirmed; a French org often shows the English name, which
``Labels.for_locale`` tries after the French one.
"""

from flows.ui import Labels

# Lightning home and Setup
HOME = Labels(("Home", "Salesforce home"), ("Accueil",))
GEAR = Labels(
    ("Setup", "Setup menu", "Setup Menu", "Setup Gear", "Quick Settings"),
    ("Configuration", "Menu Configuration", "Paramètres rapides"),
)
SETUP = Labels(("Setup", "Setup for current app"), ("Configuration",))
SETUP_HOME = Labels(("Setup", "Setup Home"), ("Configuration", "Accueil Configuration"))
QUICK_FIND = Labels(("Quick Find", "Search Setup"), ("Recherche rapide",))
APP_LAUNCHER = Labels(("App Launcher",), ("Lanceur d’application", "Lanceur d’applications"))
APP_SEARCH = Labels(
    ("Search apps and items...", "Search apps and items…", "Search apps and items", "Search apps"),
    (
        "Rechercher des applications et des éléments...",
        "Rechercher des applications et des éléments…",
        "Rechercher des applications et des éléments",
        "Rechercher des applications",
    ),
)

# Setup › Data Export
QUICK_FIND_EXPORT = "Export"  # typed in Quick Find: part of "Data Export" and of "Exportation des données"
DATA_EXPORT = Labels(("Data Export",), ("Exportation des données", "Exportation de données"))
DATA_EXPORT_HEADING = Labels(
    ("Data Export", "Weekly Export Service", "Monthly Export Service", "Export Now"),
    (
        "Exportation des données",
        "Exportation de données",
        "Service d’exportation hebdomadaire",
        "Service d’exportation mensuel",
        "Exporter maintenant",
    ),
)
EXPORT_NOW = Labels(("Export Now",), ("Exporter maintenant",))
SCHEDULE_EXPORT = Labels(("Schedule Export",), ("Planifier l’exportation",))
ENCODING = Labels(
    ("Export File Encoding", "Encoding", "File encoding"), ("Codage du fichier d’exportation", "Encodage", "Codage")
)
INCLUDE_IMAGES = Labels(
    ("Include images, documents, and attachments",), ("Inclure les images, les documents et les pièces jointes",)
)
INCLUDE_FILES = Labels(
    (
        "Include Salesforce Files and Salesforce CRM Content document versions",
        "Include Chatter files and Salesforce CRM Content document versions",
    ),
    (
        "Inclure les fichiers Salesforce et les versions de document Salesforce CRM Content",
        "Inclure les fichiers Chatter et les versions de document Salesforce CRM Content",
    ),
)
REPLACE_CR = Labels(("Replace carriage returns with spaces",), ("Remplacer les retours chariot par des espaces",))
INCLUDE_ALL = Labels(("Include all data",), ("Inclure toutes les données",))
START_EXPORT = Labels(("Start Export",), ("Démarrer l’exportation",))
LAST_EXPORT = Labels(
    ("Last export", "Last export date", "Last export on", "Last exported"),
    ("Dernière exportation", "Date de la dernière exportation"),
)
NEXT_EXPORT = Labels(
    ("Next export available", "Next available export", "Next export available on", "Next export possible"),
    ("Prochaine exportation disponible", "Prochaine exportation possible"),
)

# Your Account app
YOUR_ACCOUNT = Labels(("Your Account",), ("Votre compte",))
CONTRACTS = Labels(("Contracts",), ("Contrats",))
SUBSCRIPTIONS = Labels(
    ("Subscriptions", "Your Subscriptions", "Your subscriptions"), ("Abonnements", "Vos abonnements")
)
MANAGE_RENEWALS = Labels(("Manage Renewals",), ("Gérer les renouvellements",))
# the authorization checkbox's label is long and varies; it is found by this distinctive part of it
AUTHORIZED_PHRASES = (
    "authorized to cancel, modify, and renew",
    "authorized to cancel, modify and renew",
    "autorisé à annuler, modifier et renouveler",
    "autorisée à annuler, modifier et renouveler",
)
CONFIRM_RENEWAL = Labels(("Confirm Renewal",), ("Confirmer le renouvellement",))
REQUEST_CHANGES = Labels(("Request Changes",), ("Demander des modifications",))
DONT_RENEW = Labels(("Don't Renew", "Do Not Renew"), ("Ne pas renouveler",))
CANCEL_SUBSCRIPTION = Labels(("Cancel Subscription",), ("Annuler l’abonnement",))
CANCEL_PANE = Labels(
    ("Cancel Subscription", "Cancel your subscription", "Cancel your Salesforce subscription"),
    ("Annuler l’abonnement", "Annuler votre abonnement"),
)
REASON = Labels(
    ("Reason for canceling", "Reason for cancelling", "Cancellation reason", "Reason", "Why are you canceling?"),
    ("Motif de l’annulation", "Raison de l’annulation", "Motif", "Raison", "Pourquoi annulez-vous ?"),
)

# facts
CONTRACT_NUMBER = Labels(("Contract Number", "Contract number", "Contract No."), ("Numéro de contrat", "N° de contrat"))
PRODUCTS = Labels(("Products", "Product", "Edition"), ("Produits", "Produit", "Édition"))
STATUS = Labels(
    ("Status", "Contract Status", "Subscription Status"),
    ("Statut", "État", "Statut du contrat", "Statut de l’abonnement"),
)
CONTRACT_END = Labels(
    ("Contract End Date", "Contract end date", "End Date", "End date", "Contract ends"),
    ("Date de fin du contrat", "Date de fin", "Fin du contrat"),
)
RENEWAL_TYPE = Labels(("Renewal Type", "Renewal type"), ("Type de renouvellement",))
RENEWAL_STATUS = Labels(("Renewal Status", "Renewal status"), ("Statut du renouvellement",))
BILLING_CONTACT = Labels(("Billing Contact", "Billing contact"), ("Contact de facturation",))
ACCOUNT_EXECUTIVE = Labels(
    ("Account Executive", "Account executive", "Your Account Executive", "Salesforce Account Executive"),
    ("Responsable de compte", "Chargé de compte", "Votre responsable de compte"),
)
NEXT_BILLING = Labels(
    ("Next Billing Date", "Next billing date", "Next charge date"),
    ("Prochaine date de facturation", "Date de la prochaine facturation"),
)
BILLING_FREQUENCY = Labels(("Billing Frequency", "Billing frequency", "Billing period"), ("Fréquence de facturation",))
CASE_NUMBER = Labels(
    (
        "Case Number",
        "Case number",
        "Case #",
        "Case",
        "Reference Number",
        "Reference number",
        "Confirmation Number",
        "Confirmation number",
    ),
    ("Numéro de requête", "Numéro de référence", "Numéro de dossier", "Numéro de confirmation"),
)
SERVICE_ENDS = Labels(
    (
        "Service ends on",
        "Service End Date",
        "Service end date",
        "Your service ends on",
        "Date service ends",
        "Access ends on",
        "Subscription ends on",
    ),
    (
        "Fin du service le",
        "Date de fin du service",
        "Votre service prend fin le",
        "Fin de l’accès le",
        "L’abonnement prend fin le",
    ),
)

ACTIVE = Labels(("Activated", "Active"), ("Activé", "Actif", "Active"))
CANCELLED = Labels(
    ("Canceled", "Cancelled", "Expired", "Ended", "Terminated"), ("Annulé", "Expiré", "Terminé", "Résilié")
)
NOT_RENEWING = Labels(
    (
        "Not renewing",
        "Will not renew",
        "Do not renew",
        "Don't renew",
        "Non-renewal requested",
        "Cancellation pending",
        "Ends at term end",
    ),
    ("Ne sera pas renouvelé", "Non renouvelé", "Ne pas renouveler", "Non-renouvellement demandé"),
)
