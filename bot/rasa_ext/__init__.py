"""How this product plugs into Rasa: each module is the smallest override of one Rasa hook."""
