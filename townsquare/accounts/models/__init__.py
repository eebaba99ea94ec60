from townsquare.accounts.models.account import Account, AccountKind, ProfileField

__all__ = ["Account", "AccountKind", "ProfileField"]
