"""Qt item models that hold paper ids and fetch rows lazily."""
