"""Every visible name the LinkedIn Sales Navigator flow looks for, English and French (docs/portals.md).

Labels marked (fr?) in docs/portals.md are unconfirmed translations; extend either list freely. A name
used to find the final (irreversible) button never appears in a list the flow clicks as a reversible step.
A label whose real accessible name carries user data says so (``match=PREFIX`` or ``CONTAINS``).
"""

from flows.ui import CONTAINS, PREFIX, Labels

# --- navigation -----------------------------------------------------------------------------------
# the account menu's opener: LinkedIn's "Me", or Sales Navigator's profile photo, named for the person
ME = Labels(("Me", "Account menu", "Open account menu"), ("Vous", "Menu du compte"))
PROFILE_PHOTO = Labels(("Profile photo", "Your profile photo"), ("Photo de profil", "Votre photo de profil"), PREFIX)
# entries only the current path's account menu shows (specific evidence of the Admin Center path)
PREMIUM_FEATURES = Labels(
    ("Premium features", "Manage Premium account"), ("Fonctionnalités Premium", "Gérer le compte Premium")
)
SETTINGS_PRIVACY = Labels(
    ("Settings & Privacy", "Settings and Privacy"), ("Préférences et confidentialité", "Paramètres et confidentialité")
)
ACCOUNT_PREFERENCES = Labels(("Account preferences",), ("Préférences du compte",))
# a section heading on Settings & Privacy › Account preferences (older portals: a link of that name)
SUBSCRIPTIONS_PAYMENTS = Labels(
    ("Subscriptions & payments", "Subscriptions and payments"), ("Abonnements et paiements",)
)
MANAGE_PREMIUM = Labels(("Manage Premium account",), ("Gérer le compte Premium",))  # inside that section
MANAGE_SUBSCRIPTION = Labels(("Manage subscription",), ("Gérer l’abonnement", "Gérer mon abonnement"))
# Sales Navigator's top menu for admins: Admin → Admin Center (older: Admin Settings → Manage Your Account)
ADMIN = Labels(("Admin",), ("Admin", "Administration", "Administrateur"))
ADMIN_CENTER = Labels(("Admin Center", "Admin centre"), ("Centre d’administration", "Centre d’admin"))
ADMIN_SETTINGS = Labels(("Admin Settings",), ("Paramètres d’administration", "Paramètres administrateur"))
MANAGE_YOUR_ACCOUNT = Labels(("Manage Your Account",), ("Gérer votre compte",))
# what opens Sales Navigator's admin menu: "Admin" (older portals: the menu itself is named "Admin Settings")
ADMIN_MENU = ADMIN + ADMIN_SETTINGS
PURCHASES = Labels(("Purchases",), ("Achats",))
ACTIVE_TAB = Labels(("Active",), ("Actifs", "Actif", "Actives"))
INACTIVE_TAB = Labels(("Inactive",), ("Inactifs", "Inactif", "Inactives"))
SETTINGS = Labels(("Settings",), ("Paramètres", "Réglages"))  # legacy Sales Navigator settings (exact)
# a section heading on Sales Navigator's Settings (older portals: a link to a page of that name)
ACCOUNT_TYPE = Labels(("Account Type",), ("Type de compte",))
SALES_NAVIGATOR = Labels(("Sales Navigator",))  # the product this flow cancels, among other LinkedIn purchases

# --- cancelling ------------------------------------------------------------------------------------
# "Actions", or named for the subscription: "Actions for Sales Navigator Core"
ACTIONS = Labels(("Actions", "More actions"), ("Actions", "Plus d’actions"), CONTAINS)
CANCEL_SUBSCRIPTION = Labels(("Cancel subscription",), ("Annuler l’abonnement", "Annuler mon abonnement"))
CANCEL_TRIAL = Labels(("Cancel free trial", "Cancel trial"), ("Annuler l’essai gratuit", "Annuler l’essai"))
CANCEL_ENTRY = CANCEL_SUBSCRIPTION + CANCEL_TRIAL
# the words of a sentence saying why the cancel control is missing or disabled (a team seat, an Apple
# purchase, a contract): the run then ends blocked, quoting it
CANNOT_CANCEL = Labels(
    (
        "can't cancel",
        "cannot cancel",
        "can't be cancelled",
        "can't be canceled",
        "cannot be cancelled",
        "cannot be canceled",
        "unable to cancel",
        "not able to cancel",
        # the rules' own words (docs/portals.md): who alone may cancel
        "only the admin who made the purchase",
        "only the purchaser admin",
        "only your team's admin",
        "only the team's admin",
        "the admin has to cancel",
    ),
    (
        "ne pouvez pas annuler",
        "ne peut pas être annulé",
        "impossible d’annuler",
        "pas possible d’annuler",
        "seul l’administrateur qui a effectué l’achat",
        "seul l’administrateur acheteur",
        "seul l’administrateur de votre équipe",
    ),
)
CONTINUE_TO_CANCEL = Labels(
    ("Continue to cancel", "Continue cancellation"), ("Continuer l’annulation", "Continuer pour annuler")
)
CONTINUE = Labels(("Continue", "Next"), ("Continuer", "Suivant"))
REASON = Labels(
    (
        "Reason for cancelling",
        "Reason for canceling",
        "Why are you cancelling?",
        "Why are you canceling?",
        "Tell us why you're leaving",
        "Reason",
    ),
    ("Motif de l’annulation", "Pourquoi annulez-vous ?", "Dites-nous pourquoi vous partez", "Raison", "Motif"),
)
# the reason given when --reason is not: matched inside the choices; "Other" when none matches
DEFAULT_REASON = Labels(("no longer need",), ("plus besoin",))
# the choice a person takes when the reason they have is not offered
OTHER_REASON = Labels(("Other", "Something else"), ("Autre", "Autre chose"))
ACCEPT_OFFER = Labels(("Accept offer", "Accept this offer", "Claim offer"), ("Accepter l’offre", "Profiter de l’offre"))
DECLINE_OFFER = Labels(
    ("No thanks, continue to cancel", "No thanks", "No, thanks"), ("Non merci, continuer l’annulation", "Non merci")
)
# the final, irreversible buttons (current: "Confirm cancel"; legacy: "Confirm cancellation")
CONFIRM_CANCEL = Labels(
    ("Confirm cancel", "Confirm cancellation"), ("Confirmer l’annulation", "Confirmer l’annulation de l’abonnement")
)
# the title of the pane or page that holds the final button (the page fingerprint)
FINAL_TITLE = Labels(
    (
        "Cancel subscription",
        "Cancel free trial",
        "Cancel your subscription",
        "Confirm cancellation",
        "Confirm your cancellation",
        "Review your cancellation",
        "Are you sure you want to cancel?",
    ),
    (
        "Annuler l’abonnement",
        "Annuler l’essai gratuit",
        "Annuler votre abonnement",
        "Confirmer l’annulation",
        "Confirmez votre annulation",
        "Vérifiez votre annulation",
        "Voulez-vous vraiment annuler ?",
    ),
)
DONE = Labels(("Done",), ("Terminé", "OK"))
END_NOTICE = Labels(
    (
        "Your subscription will end on",
        "Your free trial will end on",
        "Your access will end on",
        "Your Sales Navigator subscription will end on",
    ),
    ("Votre abonnement prendra fin le", "Votre abonnement se terminera le", "Votre essai gratuit prendra fin le"),
)

# --- facts on the subscription page ------------------------------------------------------------------
SUBSCRIPTION = Labels(("Subscription", "Product"), ("Abonnement", "Produit"))
STATUS = Labels(("Status", "Subscription status"), ("Statut", "État", "Statut de l’abonnement"))
PLAN = Labels(("Plan", "Plan type"), ("Forfait", "Formule", "Offre"))
SEATS = Labels(("Seats", "Licenses", "Seats purchased"), ("Postes", "Licences", "Sièges"))
INMAIL = Labels(
    ("InMail credits left", "InMail credits remaining", "InMail credits"), ("Crédits InMail restants", "Crédits InMail")
)
CHANNEL = Labels(
    ("Purchase channel", "Purchased through", "Billed through", "Billing channel"),
    ("Canal d’achat", "Acheté via", "Facturé via"),
)
NEXT_BILLING = Labels(
    ("Next billing date", "Next payment", "Renews on"),
    ("Prochaine date de facturation", "Prochain paiement", "Date de renouvellement"),
)
ROLE = Labels(("Your role", "Role", "Admin role"), ("Votre rôle", "Rôle"))
TRIAL_ENDS = Labels(("Free trial ends", "Trial ends"), ("Fin de l’essai gratuit", "Fin de l’essai"))

# --- values ---------------------------------------------------------------------------------------
ACTIVE = Labels(("Active",), ("Actif", "Active"))
CANCELLED_STATUSES = Labels(
    ("Cancelled", "Canceled", "Ending", "Expired", "Inactive"), ("Annulé", "Résilié", "Expiré", "Inactif")
)
PURCHASER_ADMIN = Labels(
    ("Purchaser admin", "Purchaser", "Purchasing admin"),
    ("Administrateur acheteur", "Acheteur", "Administrateur des achats"),
)
ADVANCED = Labels(("Advanced", "Advanced Plus"), ("Avancé", "Avancé Plus"))
TEAM_SEAT = Labels(
    ("Team seat", "Team license", "Team licence", "Company-paid seat"),
    ("Licence d’équipe", "Poste d’équipe", "Siège d’équipe"),
)
APPLE = Labels(("Apple App Store", "App Store", "Apple", "iTunes"), ("Apple App Store", "App Store", "Apple"))
GOOGLE_PLAY = Labels(("Google Play", "Google Play Store"), ("Google Play",))
SALES_CONTRACT = Labels(
    ("LinkedIn Sales contract", "LinkedIn Sales", "Sales contract", "Contract"), ("Contrat LinkedIn Sales", "Contrat")
)
