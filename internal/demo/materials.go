package demo

import (
	"bytes"
	"context"
	_ "embed"

	"zfjd/internal/ledger"
	"zfjd/internal/recording"
	"zfjd/internal/training"
)

// lessonWebM is a four-second 320×180 VP9/Opus WebM of a lesson's title
// card (a test pattern captioned 行政强制法第二十五条 with a quiet tone),
// made once with ffmpeg and kept here, so the demo's course has a real
// video to play and seek without any tool at run time.
//
//go:embed materials/lesson.webm
var lessonWebM []byte

// CourseFiles are the demo's course files by name (PDF handouts and the
// lesson video), for the tests that serve and play them.
func CourseFiles() map[string][]byte {
	out := map[string][]byte{}
	for _, m := range demoMaterials() {
		out[m.name] = m.body
	}
	return out
}

// demoMaterial is one file of a demo course.
type demoMaterial struct {
	course      int // index into the demo's courses
	title, name string
	body        []byte
}

// demoMaterials are the courses' PDF handouts (made here, lecturePDF)
// and the lesson video.
func demoMaterials() []demoMaterial {
	return []demoMaterial{
		{0, "岗前培训讲义：行政处罚程序", "岗前培训讲义.pdf", lecturePDF("新上岗执法人员岗前培训讲义：行政处罚程序", []string{
			"一、执法资格：行政处罚应当由具有行政执法资格的执法人员实施，执法人员不得少于两人，法律另有规定的除外（《中华人民共和国行政处罚法》第四十二条）。",
			"二、出示证件：执法人员在调查或者进行检查时，应当主动向当事人或者有关人员出示执法证件；执法人员不出示执法证件的，当事人有权拒绝接受调查或者检查（第五十五条）。",
			"三、简易程序：违法事实确凿并有法定依据，对公民处以二百元以下、对法人或者其他组织处以三千元以下罚款或者警告的行政处罚的，可以当场作出行政处罚决定（第五十一条）。",
			"四、办案期限：行政处罚案件应当自立案之日起九十日内作出行政处罚决定（第六十条）。",
		})},
		{1, "业务轮训讲义：查封、扣押的期限", "行政强制法第二十五条讲义.pdf", lecturePDF("业务轮训讲义：行政强制措施的期限与程序", []string{
			"一、实施行政强制措施应当遵守的程序（《中华人民共和国行政强制法》第十八条）：实施前须向行政机关负责人报告并经批准；由两名以上行政执法人员实施；出示执法身份证件；通知当事人到场；制作现场笔录。",
			"二、查封、扣押的期限不得超过三十日；情况复杂的，经行政机关负责人批准，可以延长，但是延长期限不得超过三十日。法律、行政法规另有规定的除外（第二十五条）。",
			"三、延长查封、扣押的决定应当及时书面告知当事人，并说明理由。",
		})},
		{1, "第二十五条解读（教学视频）", "第二十五条解读.webm", lessonWebM},
	}
}

// addMaterials puts the demo's files on its courses through the training
// service (sniffed, stored once per SHA-256, audited).
func addMaterials(ctx context.Context, ts *training.Service, courses []*training.Course) error {
	for _, m := range demoMaterials() {
		f := &recording.File{Name: m.name, Size: int64(len(m.body)), SHA256: ledger.Digest(m.body), Body: bytes.NewReader(m.body)}
		if _, err := ts.AddMaterial(ctx, system, courses[m.course].ID, m.title, f); err != nil {
			return failed("课程资料"+m.title, err)
		}
	}
	return nil
}
