"""Counter screens: login and terminal choice, the sale, payment and the receipt."""
