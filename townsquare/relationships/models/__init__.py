from townsquare.relationships.models.block import Block
from townsquare.relationships.models.endorsement import Endorsement
from townsquare.relationships.models.follow import Follow, FollowRequest
from townsquare.relationships.models.mute import Mute

__all__ = ["Block", "Endorsement", "Follow", "FollowRequest", "Mute"]
