package upwardweb

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"zfjd/internal/clock"
	"zfjd/internal/upward"
)

// kinds are the record log's leaf kinds as the page names them.
var kinds = map[string]string{"case": "案件", "recording": "音像记录", "evidence": "证据", "warning": "预警办理",
	"document": "执法文书", "inspection": "行政检查"}

func kindLabel(k string) string {
	if l := kinds[k]; l != "" {
		return l
	}
	return k
}

// refHref is the page of a changed record, "" when it has none here.
func refHref(kind, ref string) string {
	if _, src, ok := strings.Cut(ref, "/"); ok && kind == "case" {
		return "/cases?q=" + url.QueryEscape(src)
	}
	return ""
}

// targetView is one target's row.
type targetView struct {
	upward.Backlog
	Shown, MappingLabel, KindLabel string
	Next                           []string
}

func viewOf(b upward.Backlog, rejected int64) targetView {
	v := targetView{Backlog: b, Shown: b.ShownURL(), KindLabel: map[string]string{"nats": "NATS JetStream", "http": "HTTP"}[b.Kind()]}
	if m := upward.Mappings[b.Mapping]; m != nil {
		v.MappingLabel = m.Label()
	}
	at := func(t time.Time) string { return t.In(clock.Shanghai).Format("2006-01-02 15:04:05") }
	if !b.Enabled {
		v.Next = append(v.Next, fmt.Sprintf("已暂停，不排队也不发送：用 zfjd upward resume %s 恢复，从暂停处继续推送", b.Name))
	}
	if b.Pending > 0 && b.HeadReason != "" {
		v.Next = append(v.Next, fmt.Sprintf("最早一条未送达的变更将于 %s 重试（上次：%s），其后的变更等它送达后依次发送", at(b.NextAt), b.HeadReason))
		if b.Kind() == "nats" && strings.Contains(b.HeadReason, "no response from stream") {
			v.Next = append(v.Next, "JetStream 中没有接收该主题的流：请对方先建立流（推送不会自动建流）")
		}
	}
	if rejected > 0 {
		v.Next = append(v.Next, "被拒收的变更不再重发：按下方原因在源系统更正后，记录的新变更会再次推送")
	}
	if len(v.Next) == 0 && b.Enabled {
		v.Next = append(v.Next, "正常：新的记录变更由后台任务 upward 每30秒排队推送")
	}
	return v
}
