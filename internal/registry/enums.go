// Package registry keeps the reference data everything else stands on:
// regions (GB/T 2260), agencies (执法主体 and 监督机构), officers and their
// certificates (持证上岗), and matters (权责清单). DOMAIN.md C1–C3.
package registry

import "time"

// validDate reports whether s is a real YYYY-MM-DD date.
func validDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// Label sets: wire value → what users read.
var (
	AgencyKinds   = []Option{{"enforcement", "执法主体"}, {"supervision", "监督机构"}}
	SubjectTypes  = []Option{{"statutory", "法定行政机关"}, {"authorized", "法律法规授权组织"}, {"entrusted", "受委托组织"}}
	AgencyStatus  = []Option{{"active", "正常"}, {"suspended", "暂停执法"}, {"revoked", "已撤销"}}
	CertStatus    = []Option{{"valid", "有效"}, {"suspended", "暂扣"}, {"revoked", "吊销"}, {"cancelled", "注销"}}
	CertStates    = []Option{{"valid", "有效"}, {"suspended", "已暂扣"}, {"revoked", "已吊销"}, {"cancelled", "已注销"}, {"expired", "已过期"}, {"pending", "未生效"}}
	MatterKinds   = []Option{{"penalty", "行政处罚"}, {"coercion", "行政强制"}, {"inspection", "行政检查"}, {"license", "行政许可"}, {"levy", "行政征收"}, {"other", "其他"}}
	Qualification = []Option{{"hearing_host", "听证主持人"}, {"legal_review", "法制审核"}, {"supervision", "执法监督"}}
	ReviewResults = []Option{{"pass", "合格"}, {"fail", "不合格"}}
	Domains       = []string{"市场监管", "生态环境", "城市管理", "交通运输", "文化旅游", "应急管理", "自然资源", "住房城乡建设", "农业农村", "卫生健康", "水利", "商务", "司法行政", "人力资源社会保障", "教育"}
)

// Option is a value with its Chinese label.
type Option struct{ Value, Label string }

// OneOf is the message of a field whose value is none of opts, naming
// the field by its label and each value with its Chinese name (issue 16:
// an API client reads "证件状态应为 valid（有效）、suspended（暂扣）、revoked
// （吊销）或 cancelled（注销）"). opts is any list of value–label pairs
// (the packages' own lists are struct{ Value, Label string } slices).
func OneOf[T ~struct{ Value, Label string }](label string, opts []T) string {
	s := label + "应为 "
	for i, x := range opts {
		o := Option(x)
		switch {
		case i == 0:
		case i == len(opts)-1:
			s += "或 "
		default:
			s += "、"
		}
		s += o.Value + "（" + o.Label + "）"
	}
	return s
}

// LabelOf returns the label of v in opts, or v itself.
func LabelOf(opts []Option, v string) string {
	for _, o := range opts {
		if o.Value == v {
			return o.Label
		}
	}
	return v
}

func isOption(opts []Option, v string) bool {
	for _, o := range opts {
		if o.Value == v {
			return true
		}
	}
	return false
}

// Page describes one page of a list.
type Page struct {
	Page, Size, Total int
}

// MaxPage caps page numbers so that OFFSET stays far from integer overflow
// (PostgreSQL refuses a negative OFFSET).
const MaxPage = 1_000_000

// Normalize clamps page and size to sane values.
func (p *Page) Normalize() {
	switch {
	case p.Size <= 0:
		p.Size = 20
	case p.Size > 200:
		p.Size = 200
	}
	switch {
	case p.Page < 1:
		p.Page = 1
	case p.Page > MaxPage:
		p.Page = MaxPage
	}
}

// Offset is the number of rows before this page.
func (p Page) Offset() int { return (p.Page - 1) * p.Size }

// Pages is the number of pages.
func (p Page) Pages() int {
	if p.Total == 0 {
		return 1
	}
	return (p.Total + p.Size - 1) / p.Size
}
