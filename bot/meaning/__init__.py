"""A sense of meaning: pretrained static word embeddings (wordllama's weights), offline and on CPU."""
