package bench

import (
	"fmt"
	"strings"
)

// sscanRule reads "RULE 0.12s（SQL 5 / 引擎 5）".
func sscanRule(s string, rule *string, sqlN, engN *int) (int, error) {
	s = strings.NewReplacer("（", " ", "）", " ", "/", " ").Replace(s)
	var secs string
	return fmt.Sscanf(strings.TrimSpace(s), "%s %s SQL %d 引擎 %d", rule, &secs, sqlN, engN)
}
