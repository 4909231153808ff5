"""Every visible name the Office 365 flow looks for, English and French (PORTALS.md). Extend freely.

Labels marked (fr?) in PORTALS.md are guesses; a French portal shows the English label where it has no
French one, and :meth:`flows.ui.Labels.for_locale` tries French first, then English.
"""

from flows.ui import CONTAINS, PREFIX, Labels

# --- getting there ---------------------------------------------------------------------------------
HOME = Labels(("Home", "Admin center", "Microsoft 365 admin center"), ("Accueil", "Centre d’administration"))
APP_LAUNCHER = Labels(
    ("App launcher", "Microsoft 365 app launcher", "Apps"),
    ("Lanceur d’applications", "Lanceur d’applications Microsoft 365"),
)
ADMIN = Labels(("Admin", "Admin center"), ("Administrateur", "Admin", "Centre d’administration"))
SHOW_ALL = Labels(
    ("Show all", "... Show all", "… Show all", "…Show all"),
    ("Afficher tout", "Tout afficher", "… Afficher tout", "... Afficher tout"),
)
BILLING = Labels(("Billing",), ("Facturation",))
YOUR_PRODUCTS = Labels(
    ("Your products", "Subscriptions", "Products & services", "Products and services"),
    ("Vos produits", "Abonnements", "Produits et services", "Produits"),
)
PRODUCTS_TAB = Labels(("Products",), ("Produits",))
# a row's or a page's More actions button: its name may go on with the product ("More actions for Microsoft 365 E3")
MORE_ACTIONS = Labels(("More actions",), ("Autres actions", "Plus d’actions"), match=CONTAINS)
MORE_SYMBOL = Labels(("⋯", "...", "…"))  # a bare ellipsis button, named by nothing else

# --- the details page: which layout ----------------------------------------------------------------
MOSA_SECTION = Labels(("Subscription and payment settings",), ("Paramètres d’abonnement et de paiement",))
MCA_SECTION = Labels(
    ("Billing settings", "Subscription status"), ("Paramètres de facturation", "Statut de l’abonnement")
)  # (fr?)
SETTINGS_ACTIONS = Labels(
    ("Settings & Actions", "Settings and actions"), ("Paramètres & actions", "Paramètres et actions")
)

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
END_OF_TERM = Labels(
    ("Cancel before the next renewal date", "Cancel at the end of the term", "Cancel at renewal"),
    ("Annuler avant la prochaine date de renouvellement", "Annuler à la fin de la période"),
)  # (fr?)
# the confirm button of the end-of-term choice (never a plain Cancel, never Cancel now)
END_OF_TERM_FINAL = Labels(
    ("Cancel subscription", "Confirm cancellation", "Confirm", "Submit"),
    ("Annuler l’abonnement", "Confirmer l’annulation", "Confirmer", "Envoyer"),
)
NEXT = Labels(("Next",), ("Suivant",))
SAVE = Labels(("Save",), ("Enregistrer",))
# the reason's name may go on after the label: a wrapping label names its select "Reason Select a reason"
REASON = Labels(
    ("Reason for canceling", "Reason for cancelling", "Reason", "Why are you canceling?", "Cancellation reason"),
    ("Motif de l’annulation", "Motif", "Raison", "Pourquoi annulez-vous ?"),
    match=PREFIX,
)
OTHER_REASON = Labels(("Other", "Something else"), ("Autre", "Autre chose"))  # where an unlisted reason goes
FEEDBACK = Labels(("Feedback", "Feedback (optional)", "Comments"), ("Commentaires", "Commentaires (facultatif)"))

# recurring billing off (MCA after 7 days, trials)
EDIT_RECURRING = Labels(
    (
        "Edit recurring billing",
        "Turn off recurring billing",
        "edit the recurring billing settings",
        "Edit recurring billing settings",
    ),
    ("Modifier la facturation récurrente", "Modifier les paramètres de facturation récurrente"),
)
RECURRING_PANE = Labels(
    ("Edit recurring billing", "Edit recurring billing settings"),
    ("Modifier la facturation récurrente", "Modifier les paramètres de facturation récurrente"),
)
RECURRING = Labels(("Recurring billing",), ("Facturation récurrente", "Facturation périodique"))
OFF = Labels(("Off", "Turn off"), ("Désactiver", "Désactivé", "Non"))

# every pane or page title of a cancel screen, and every final control
CANCEL_SCREENS = OPTIONS_PANE + CANCELING_PANE + CANCEL_SUBSCRIPTION + RECURRING_PANE

# the sentence a page shows where the control to go on is missing or disabled ("You can't cancel this
# subscription online because more than 25 licenses are assigned…"): words found inside it
CANNOT_CANCEL = Labels(
    (
        "can't cancel this subscription",
        "cannot cancel this subscription",
        "can't cancel it online",
        "can't be canceled online",
        "can't be cancelled online",
        "cannot be canceled online",
        "cannot be cancelled online",
        "not eligible for cancellation",
    ),
    (
        "ne pouvez pas annuler cet abonnement",
        "ne pouvez pas annuler",
        "ne peut pas être annulé en ligne",
        "impossible d’annuler cet abonnement",
    ),
)
FINAL = CANCEL_NOW + CANCEL_SUBSCRIPTION + SAVE

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
EXPIRES_ON = Labels(
    ("Expires on", "will expire on", "will end on", "Ends on", "will be canceled on", "will be cancelled on"),
    ("Expire le", "Expirera le", "prendra fin le", "se termine le", "sera annulé le"),
)
TERM = Labels(("Subscription term", "Term", "Commitment"), ("Durée de l’abonnement", "Durée", "Engagement"))
BILLING_FREQUENCY = Labels(("Billing frequency", "Billing cycle"), ("Fréquence de facturation", "Cycle de facturation"))
ANNUAL = Labels(("annual", "yearly", "1 year", "one year", "12 months"), ("annuel", "annuelle", "1 an", "12 mois"))
MONTHLY = Labels(("monthly", "month", "1 month"), ("mensuel", "mensuelle", "mois", "1 mois"))
ASSIGNED = Labels(("assigned",), ("attribuées", "attribuée", "attribués", "attribué"))

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

# listed beside the real subscriptions but never a candidate: free products have nothing to cancel
FREE_PRODUCTS = Labels(
    (
        "Microsoft Entra ID Free",
        "Azure Active Directory Free",
        "Azure AD Free",
        "Microsoft Power Automate Free",
        "Microsoft Power Apps for Developer",
        "Microsoft Teams Exploratory",
    ),
    ("Microsoft Entra ID gratuit", "Microsoft Entra ID Gratuit"),
    match=CONTAINS,
)
# a product named "… Free" (not "… Free trial": a trial is cancelled by turning off recurring billing)
FREE_SUFFIX = Labels(("Free", "(Free)"), ("gratuit", "gratuite", "(gratuit)"))
