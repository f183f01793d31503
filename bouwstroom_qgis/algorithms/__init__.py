"""The Processing provider "Bouwstroom Noord" and its algorithms, one module each."""
