package web

import (
	"strconv"
	"time"

	"zfjd/internal/registry"
)

func itoa(n int) string { return strconv.Itoa(n) }

func thisYear() int { return time.Now().In(registry.Shanghai).Year() }
