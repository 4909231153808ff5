"""Every visible name the Office 365 flow looks for, English and French (PORTALS.md). Extend freely.

Labels marked (fr?) in PORTALS.md are guesses; a French portal shows the English label where it has no
French one, and :meth:`flows.ui.Labels.for_locale` tries French first, then English.
"""

from flows.ui import Labels

# --- getting there ---------------------------------------------------------------------------------
HOME = Labels(("Home", "Admin center", "Microsoft 365 admin center"), ("Accueil", "Centre d’administration"))
APP_LAUNCHER = Labels(
    ("App launcher", "Microsoft 365 app launcher", "Apps"),
    ("Lanceur d’applications", "Lanceur d’applications Microsoft 365"),
)
ADMIN = Labels(("Admin",), ("Administrateur", "Admin"))
SHOW_ALL = Labels(
    ("Show all", "... Show all", "… Show all", "…Show all"),
    ("Afficher tout", "Tout afficher", "… Afficher tout", "... Afficher tout"),
)
BILLING = Labels(("Billing",), ("Facturation",))
YOUR_PRODUCTS = Labels(("Your products", "Subscriptions", "Products & services"), ("Vos produits", "Abonnements"))
PRODUCTS_TAB = Labels(("Products",), ("Produits",))
MORE_ACTIONS = Labels(("More actions", "⋯", "..."), ("Autres actions", "Plus d’actions"))

# --- the details page: which layout ----------------------------------------------------------------
MOSA_SECTION = Labels(("Subscription and payment settings",), ("Paramètres d’abonnement et de paiement",))
MCA_SECTION = Labels(
    ("Billing settings", "Subscription status"), ("Paramètres de facturation", "Statut de l’abonnement")
)  # (fr?)

# --- cancelling ------------------------------------------------------------------------------------
CANCEL_SUBSCRIPTION = Labels(("Cancel subscription",), ("Annuler l’abonnement",))
OPTIONS_PANE = Labels(
    ("Options for canceling your subscription", "Options for cancelling your subscription"),
    ("Options d’annulation de votre abonnement",),
)  # (fr?)
CANCELING_PANE = Labels(
    ("Canceling your subscription", "Cancelling your subscription"), ("Annulation de votre abonnement",)
)  # (fr?)
CANCEL_NOW = Labels(("Cancel now",), ("Annuler maintenant",))
NEXT = Labels(("Next",), ("Suivant",))
SAVE = Labels(("Save",), ("Enregistrer",))
REASON = Labels(
    ("Reason for canceling", "Reason for cancelling", "Reason", "Why are you canceling?", "Cancellation reason"),
    ("Motif de l’annulation", "Motif", "Raison", "Pourquoi annulez-vous ?"),
)
FEEDBACK = Labels(("Feedback", "Feedback (optional)", "Comments"), ("Commentaires", "Commentaires (facultatif)"))

# recurring billing off (MCA after 7 days, trials)
EDIT_RECURRING = Labels(
    (
        "Edit recurring billing",
        "Turn off recurring billing",
        "edit the recurring billing settings",
        "Edit recurring billing settings",
    ),
    ("Modifier la facturation récurrente", "modifier les paramètres de facturation récurrente"),
)  # (fr?) for the second
RECURRING_PANE = Labels(("Edit recurring billing",), ("Modifier la facturation récurrente",))
RECURRING = Labels(("Recurring billing",), ("Facturation récurrente",))
OFF = Labels(("Off", "Turn off"), ("Désactiver", "Désactivé", "Non"))

# every pane or page title of a cancel screen, and every final control
CANCEL_SCREENS = Labels(
    (*OPTIONS_PANE.en, *CANCELING_PANE.en, *CANCEL_SUBSCRIPTION.en, *RECURRING_PANE.en),
    (*OPTIONS_PANE.fr, *CANCELING_PANE.fr, *CANCEL_SUBSCRIPTION.fr, *RECURRING_PANE.fr),
)
FINAL = Labels((*CANCEL_NOW.en, *CANCEL_SUBSCRIPTION.en, *SAVE.en), (*CANCEL_NOW.fr, *CANCEL_SUBSCRIPTION.fr, *SAVE.fr))

# --- facts on the details page ---------------------------------------------------------------------
STATUS = Labels(("Status", "Subscription status"), ("Statut", "État", "Statut de l’abonnement"))
LICENSES = Labels(("Licenses", "Assigned licenses", "Licenses assigned"), ("Licences", "Licences attribuées"))
ACCOUNT_TYPE = Labels(("Billing account type",), ("Type de compte de facturation",))
CHANNEL = Labels(("Purchase channel", "Purchased from", "Bought from"), ("Canal d’achat", "Acheté auprès de"))
START = Labels(
    ("Start date", "Renewal date", "Start/renewal date", "Start or renewal date"),
    ("Date de début", "Date de renouvellement"),
)
NEXT_CHARGE = Labels(("Next charge date", "Next charge"), ("Date du prochain prélèvement", "Prochain prélèvement"))
PRICE = Labels(("Price", "Cost"), ("Prix", "Coût"))
ROLE = Labels(("Your role", "Role", "Admin roles", "Your roles"), ("Votre rôle", "Rôle", "Rôles d’administrateur"))
EXPIRES_ON = Labels(("Expires on", "will expire on"), ("Expire le", "Expirera le"))

ACTIVE = Labels(("Active",), ("Actif", "Active"))
CANCELLED_STATUSES = Labels(
    ("Disabled", "Expired", "Deleted", "Canceled", "Cancelled"), ("Désactivé", "Expiré", "Supprimé", "Annulé")
)
ADMIN_ROLES = Labels(
    (
        "Global admin",
        "Global administrator",
        "Billing admin",
        "Billing administrator",
        "Billing account owner",
        "Billing account contributor",
        "Billing profile owner",
        "Billing profile contributor",
    ),
    (
        "Administrateur général",
        "Administrateur de facturation",
        "Administrateur global",
        "Propriétaire du compte de facturation",
        "Contributeur du compte de facturation",
        "Propriétaire du profil de facturation",
        "Contributeur du profil de facturation",
    ),
)
PARTNER = Labels(("Partner", "Reseller", "Cloud Solution Provider"), ("Partenaire", "Revendeur"))
TRIAL = Labels(("Trial", "Free trial"), ("Version d’évaluation", "Essai", "Essai gratuit"))
PRODUCT_KEY = Labels(("Product key", "Prepaid"), ("Clé de produit", "Prépayé"))
MCA = Labels(("MCA", "Microsoft Customer Agreement"), ("Contrat client Microsoft",))
