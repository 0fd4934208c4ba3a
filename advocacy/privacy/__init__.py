"""Members' privacy: what is kept and for how long, a member's own data by an emailed
link (see it, download it, erase it), and the purge of personal data past its retention."""
