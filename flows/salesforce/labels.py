"""Every visible name the Salesforce flow looks for, English and French (docs/portals.md). Extend freely.

French names marked (fr?) in PORTALS.md are unconfirmed; a French org often shows the English name, which
``Labels.for_locale`` tries after the French one.
"""

from flows.ui import CONTAINS, PREFIX, Labels

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

# why Export Now is disabled or left out: the portal's sentence ("you can export once every 7 days")
EXPORT_WAIT = Labels(
    (
        "once every 7 days",
        "once every 29 days",
        "every 7 days",
        "every 29 days",
        "Export Now is not available",
        "Your next export is available",
        "next export will be available",
    ),
    (
        "une exportation tous les 7 jours",
        "une exportation tous les 29 jours",
        "tous les 7 jours",
        "tous les 29 jours",
        "Exporter maintenant n’est pas disponible",
        "Votre prochaine exportation est disponible",
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

# Your Account app (gear › Your Account, the App Launcher, or Setup › Quick Find "Your Account")
YOUR_ACCOUNT = Labels(("Your Account",), ("Votre compte",))
# why Your Account is not offered: it needs the Manage Billing permission (or the permission set)
NO_BILLING_PERMISSION = Labels(
    (
        "Manage Billing permission",
        "Manage Billing user permission",
        "Manage Subscriptions in Your Account",
        "don't have access to Your Account",
        "do not have access to Your Account",
    ),
    (
        "autorisation Gérer la facturation",
        "autorisation « Gérer la facturation »",
        "Gérer les abonnements dans Votre compte",
        "pas accès à Votre compte",
    ),
)
CONTRACTS = Labels(
    ("Contracts", "View Contracts", "Your Contracts"), ("Contrats", "Afficher les contrats", "Vos contrats")
)
SUBSCRIPTIONS = Labels(
    ("Subscriptions", "Your Subscriptions", "Your subscriptions"), ("Abonnements", "Vos abonnements")
)
# a row's action menu: its name carries the row's data ("Show actions for contract 00012345")
ROW_ACTIONS = Labels(
    ("Show actions", "Show more actions", "More actions", "Actions"),
    ("Afficher les actions", "Afficher plus d’actions", "Plus d’actions", "Actions"),
    match=PREFIX,
)
OPEN_ITEM = Labels(
    (
        "View Contract",
        "View contract",
        "View Subscription",
        "View subscription",
        "View Details",
        "View details",
        "View",
    ),
    ("Afficher le contrat", "Afficher l’abonnement", "Afficher les détails", "Afficher", "Voir"),
)
# "Manage Renewals for contract 00012345": the name may go on with the contract
MANAGE_RENEWALS = Labels(
    ("Manage Renewals", "Manage Renewal"), ("Gérer les renouvellements", "Gérer le renouvellement"), match=PREFIX
)
# the authorization checkbox's label is long and varies; it is found by this distinctive part of it
AUTHORIZED = Labels(
    ("authorized to cancel, modify, and renew", "authorized to cancel, modify and renew"),
    ("autorisé à annuler, modifier et renouveler", "autorisée à annuler, modifier et renouveler"),
    match=CONTAINS,
)
CONFIRM_RENEWAL = Labels(("Confirm Renewal",), ("Confirmer le renouvellement",))
REQUEST_CHANGES = Labels(("Request Changes",), ("Demander des modifications",))
DONT_RENEW = Labels(("Don't Renew", "Do Not Renew"), ("Ne pas renouveler",))
CANCEL_SUBSCRIPTION = Labels(("Cancel Subscription",), ("Annuler l’abonnement",))
CANCEL_PANE = Labels(
    ("Cancel Subscription", "Cancel your subscription", "Cancel your Salesforce subscription"),
    ("Annuler l’abonnement", "Annuler votre abonnement"),
)
# the name may go on with a required mark ("Why are you cancelling? *")
REASON = Labels(
    (
        "Reason for canceling",
        "Reason for cancelling",
        "Cancellation reason",
        "Reason",
        "Why are you canceling?",
        "Why are you cancelling?",
    ),
    ("Motif de l’annulation", "Raison de l’annulation", "Motif", "Raison", "Pourquoi annulez-vous ?"),
    match=PREFIX,
)
# why the authorization box or Don't Renew is disabled or left out: notice cannot be given online
NO_NOTICE_ONLINE = Labels(
    (
        "can't give notice online",
        "cannot give notice online",
        "too late to give it online",
        "signed through your account executive",
        "Contact your account executive",
    ),
    (
        "Vous ne pouvez pas le faire en ligne",
        "trop tard pour l’envoyer en ligne",
        "par l’intermédiaire de votre responsable de compte",
        "contactez votre responsable de compte",
    ),
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
# how the contract was signed: "Signed through: Account executive (Jamie Chen)" names the account executive
SIGNED_THROUGH = Labels(
    ("Signed through", "Sold through", "Purchased through"), ("Signé via", "Signé par", "Vendu par")
)
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
    (
        "Numéro de requête",
        "N° de requête",
        "Requête n°",
        "Numéro de référence",
        "N° de référence",
        "Numéro de dossier",
        "Numéro de confirmation",
    ),
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

# a manual (non auto-renew) contract ends on its end date unless a new quote is signed: nothing to cancel
MANUAL_RENEWAL = Labels(
    ("Manual", "Manual renewal", "Non auto-renew", "Non-auto-renew", "Does not renew automatically"),
    ("Manuel", "Manuelle", "Renouvellement manuel", "Sans renouvellement automatique", "Non reconduit automatiquement"),
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
