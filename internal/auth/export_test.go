package auth

// PasswordChecks is how many password hashes have been checked so far.
func PasswordChecks() int64 { return passwordChecks.Load() }
