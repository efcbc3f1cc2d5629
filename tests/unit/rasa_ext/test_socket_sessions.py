"""socket.io sessions: new visitor ids count against the address's limit; returning visitors are never refused."""

from bot.rasa_ext.channels import visitor_ids
from bot.rasa_ext.channels.socketio_channel import SignedSocketIOInput


def test_minting_ids_is_limited_per_address_but_a_returning_visitor_always_gets_back_in():
    channel = SignedSocketIOInput(per_visitor_per_minute=20, per_address_per_minute=3)
    minted = [channel.token_for(None, "203.0.113.9") for _ in range(4)]
    assert all(visitor_ids.verify(token, channel.keys) for token in minted[:3]) and minted[3] is None
    assert channel.token_for("forged.deadbeef", "203.0.113.9") is None  # a forged id would mint: refused too
    assert channel.token_for(minted[0], "203.0.113.9") == minted[0]  # their own, genuine id: always
    assert channel.token_for(None, "198.51.100.4") is not None  # another network is not affected
