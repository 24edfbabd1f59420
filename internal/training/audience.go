package training

import (
	"strconv"
	"strings"

	"zfjd/internal/registry"
)

// Audiences are to whom a course is assigned among the officers its
// region, agency and field reach: every officer, new officers (岗前培训:
// 济南 trains those newly admitted before they enforce) or supervisors
// (业务轮训 of who holds the 执法监督 qualification).
var Audiences = []registry.Option{{Value: "", Label: "全体执法人员"}, {Value: "new", Label: "新上岗执法人员"}, {Value: "supervisor", Label: "执法监督人员"}}

// AudienceLabel is the course's audience in Chinese.
func (c *Course) AudienceLabel() string { return Label(Audiences, c.Audience) }

// AudiencesOf are the audiences officer o belongs to in year (today: the
// civil day): everyone; new, while the certificate is not yet in force
// (awaiting 资格考试 or 制证, 行政执法监督条例 Art. 17) or when the
// 资格考试 was sat in year; supervisor, when o holds the 执法监督
// qualification. Table test: TestAudiencesOf.
func AudiencesOf(o *registry.Officer, year int, today string) []string {
	out := []string{""}
	if o.StateOn(today) == "pending" || strings.HasPrefix(o.ExamDate, strconv.Itoa(year)+"-") {
		out = append(out, "new")
	}
	if o.HasQualification("supervision") {
		out = append(out, "supervisor")
	}
	return out
}
