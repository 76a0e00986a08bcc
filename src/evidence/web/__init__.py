"""`evidence serve`: a page on this machine to listen to calls, review flags, correct and export."""
