"""Every visible name the Office 365 flow looks for, English and French (PORTALS.md). Extend freely."""

from flows.ui import Labels

HOME = Labels(("Home", "Admin center", "Microsoft 365 admin center"), ("Accueil", "Centre d’administration"))
ADMIN = Labels(("Admin",), ("Administrateur", "Admin"))
BILLING = Labels(("Billing",), ("Facturation",))
YOUR_PRODUCTS = Labels(("Your products", "Subscriptions", "Products & services"), ("Vos produits", "Abonnements"))
PRODUCTS_TAB = Labels(("Products",), ("Produits",))
MORE_ACTIONS = Labels(("More actions",), ("Autres actions",))
CANCEL_SUBSCRIPTION = Labels(("Cancel subscription",), ("Annuler l’abonnement",))
OPTIONS_PANE = Labels(("Options for canceling your subscription",), ("Options d’annulation de votre abonnement",))
CANCEL_NOW = Labels(("Cancel now",), ("Annuler maintenant",))
NEXT = Labels(("Next",), ("Suivant",))
REASON = Labels(
    ("Reason for canceling", "Reason", "Why are you canceling?", "Cancellation reason"),
    ("Motif de l’annulation", "Motif", "Raison", "Pourquoi annulez-vous ?"),
)
FEEDBACK = Labels(("Feedback", "Feedback (optional)", "Comments"), ("Commentaires", "Commentaires (facultatif)"))

# facts on the details page
STATUS = Labels(("Status", "Subscription status"), ("Statut", "État", "Statut de l’abonnement"))
LICENSES = Labels(("Licenses", "Assigned licenses", "Licenses assigned"), ("Licences", "Licences attribuées"))
ACCOUNT_TYPE = Labels(("Billing account type",), ("Type de compte de facturation",))
CHANNEL = Labels(("Purchase channel", "Purchased from", "Bought from"), ("Canal d’achat", "Acheté auprès de"))
START = Labels(("Start date", "Renewal date", "Start/renewal date"), ("Date de début", "Date de renouvellement"))
NEXT_CHARGE = Labels(("Next charge date", "Next charge"), ("Date du prochain prélèvement", "Prochain prélèvement"))
PRICE = Labels(("Price", "Cost"), ("Prix", "Coût"))
ROLE = Labels(("Your role", "Role", "Admin roles"), ("Votre rôle", "Rôle", "Rôles d’administrateur"))

ACTIVE = Labels(("Active",), ("Actif", "Active"))
CANCELLED_STATUSES = Labels(("Disabled", "Expired", "Deleted", "Canceled", "Cancelled"), ("Désactivé", "Expiré", "Supprimé", "Annulé"))
ADMIN_ROLES = Labels(("Global admin", "Global administrator", "Billing admin", "Billing administrator",
                      "Billing account owner", "Billing account contributor", "Billing profile owner",
                      "Billing profile contributor"),
                     ("Administrateur général", "Administrateur de facturation", "Administrateur global"))
PARTNER = Labels(("Partner", "Reseller", "Cloud Solution Provider"), ("Partenaire", "Revendeur"))
TRIAL = Labels(("Trial", "Free trial"), ("Version d’évaluation", "Essai", "Essai gratuit"))
PRODUCT_KEY = Labels(("Product key", "Prepaid"), ("Clé de produit", "Prépayé"))
