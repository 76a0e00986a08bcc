"""Trust: the hash-chained log, verification, review decisions, forgetting and corrections."""
