"""Weights are quantised per output column, symmetric, and come back within half a step."""

import numpy as np

from bot.meaning.encoder_graph import quantised_columns


def test_each_column_is_scaled_to_its_own_largest_weight():
    matrix = np.array([[0.5, -0.01, 0.0], [-1.0, 0.02, 0.0]], dtype=np.float32)
    weights, scales = quantised_columns(matrix)
    assert weights.dtype == np.int8 and scales.dtype == np.float32
    assert weights[1, 0] == -127 and weights[1, 1] == 127
    assert np.all(np.abs(weights.astype(np.float32) * scales - matrix) <= scales / 2 + 1e-7)


def test_an_all_zero_column_stays_zero_without_dividing_by_zero():
    weights, scales = quantised_columns(np.zeros((4, 2), dtype=np.float32))
    assert not weights.any() and np.all(scales == 1.0)
