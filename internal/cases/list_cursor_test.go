package cases

import (
	"testing"
)

// A cursor comes back from a client: whatever it holds, decoding neither
// panics nor accepts what encodeCursor would not have made, and what it
// made decodes to itself.
func FuzzDecodeCursor(f *testing.F) {
	f.Add("deadline", encodeCursor("deadline", listCursor{deadline: "2026-07-01", id: 42}))
	f.Add("", encodeCursor("", listCursor{id: 7}))
	f.Add("old", encodeCursor("old", listCursor{id: 7}))
	f.Add("deadline", encodeCursor("deadline", listCursor{deadline: noDeadline, id: 1}))
	f.Add("", "bjotMQ")
	f.Fuzz(func(t *testing.T, sort, s string) {
		c, err := decodeCursor(sort, s)
		if err != nil {
			return
		}
		if c.id <= 0 {
			t.Fatalf("accepted id %d", c.id)
		}
		if sort != "deadline" && sort != "old" {
			sort = ""
		}
		if back, err := decodeCursor(sort, encodeCursor(sort, *c)); err != nil || *back != *c {
			t.Fatalf("round trip of %+v: %+v %v", c, back, err)
		}
	})
}

func TestQueryTerms(t *testing.T) {
	for q, want := range map[string][]string{
		"餐饮":    {"餐饮"},
		"过期牛奶":  {"过期", "牛奶", "期牛"},
		"a":     nil,
		"销售不合格": {"销售", "合格", "售不", "不合"},
	} {
		got := queryTerms(q)
		if len(got) != len(want) {
			t.Errorf("queryTerms(%q) = %v, want %v", q, got, want)
			continue
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("queryTerms(%q) = %v, want %v", q, got, want)
			}
		}
	}
}
