package supervision

import "zfjd/internal/auth"

func roleOf(s string) auth.Role { return auth.Role(s) }
