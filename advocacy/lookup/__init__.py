"""Find my officials: an address, ZIP or point to every legislator who represents it."""
