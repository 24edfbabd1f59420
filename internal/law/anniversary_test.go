package law

import "testing"

// 行政处罚法 第三十六条 is counted by 民法典 第二百零二条 alone: the
// anniversary is the last day even on a day off (exchange v1.1).
func TestAnniversary(t *testing.T) {
	for _, c := range []struct {
		start string
		years int
		want  string
	}{
		{"2022-03-02", 2, "2024-03-02"}, // a Saturday: not moved to Monday 03-04
		{"2023-10-01", 2, "2025-10-01"}, // National Day: not moved to 10-09
		{"2024-02-29", 1, "2025-02-28"}, // no 29 February: the month's last day
		{"2020-06-01", 5, "2025-06-01"},
	} {
		got, err := Anniversary(MustParseDate(c.start), c.years)
		if err != nil || got.String() != c.want {
			t.Errorf("Anniversary(%s, %d) = %v, %v; want %s", c.start, c.years, got, err, c.want)
		}
	}
	if _, err := Anniversary(Date{}, 2); err == nil {
		t.Error("invalid start accepted")
	}
	if _, err := Anniversary(MustParseDate("2024-01-01"), -1); err == nil {
		t.Error("negative years accepted")
	}
}
