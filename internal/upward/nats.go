package upward

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// A NATS JetStream target is configured with a URL
// nats://host:port/subject (no schema change: the kind is the URL's
// scheme). Each envelope is published to the subject with its id as the
// Nats-Msg-Id header, so the stream's duplicate window stores a replay
// once; the stream's PubAck is the receipt ("stream:sequence"). An answer
// that no retry can change (the record is larger than the server or the
// stream takes: natsPermanent) is a rejection with its reason, as a 4xx
// of an HTTP target; no ack or any other error is retried with the usual
// backoff (a stream created later, a server back up).

// Kind is "nats" for a JetStream target and "http" otherwise.
func (t *Target) Kind() string {
	if strings.HasPrefix(t.URL, "nats://") || strings.HasPrefix(t.URL, "tls://") {
		return "nats"
	}
	return "http"
}

// natsAddr splits a nats:// target URL into the server URL and subject.
func natsAddr(raw string) (server, subject string, err error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", "", err
	}
	subject = strings.TrimPrefix(u.Path, "/")
	if u.Host == "" || subject == "" || strings.ContainsAny(subject, " */>") {
		return "", "", fmt.Errorf("须为 nats://主机:端口/主题（主题不含空格、* 或 >）")
	}
	su := url.URL{Scheme: u.Scheme, User: u.User, Host: u.Host}
	return su.String(), subject, nil
}

// natsSender publishes t's envelopes over one connection for a pass.
type natsSender struct {
	nc      *nats.Conn
	js      jetstream.JetStream
	subject string
}

func dialNATS(t *Target) (*natsSender, string) {
	server, subject, err := natsAddr(t.URL)
	if err != nil {
		return nil, "推送地址无效：" + err.Error()
	}
	opts := []nats.Option{nats.Name("zfjd upward " + t.Name), nats.Timeout(10 * time.Second)}
	if t.Token != "" {
		opts = append(opts, nats.Token(t.Token))
	}
	nc, err := nats.Connect(server, opts...)
	if err != nil {
		return nil, "无法连接 NATS：" + err.Error()
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, "无法使用 JetStream：" + err.Error()
	}
	return &natsSender{nc: nc, js: js, subject: subject}, ""
}

func (s *natsSender) publish(ctx context.Context, env *Envelope) (status, receipt, reason string) {
	body, err := json.Marshal(env)
	if err != nil {
		return "rejected", "", "无法编码：" + err.Error()
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	m := nats.NewMsg(s.subject)
	m.Data = body
	m.Header.Set("Content-Type", "application/json")
	ack, err := s.js.PublishMsg(ctx, m, jetstream.WithMsgID(env.ID))
	if err != nil {
		if why := permanent(err); why != "" {
			return "rejected", "", why + "（" + err.Error() + "）"
		}
		return "", "", "JetStream 未确认：" + err.Error()
	}
	return "acked", fmt.Sprintf("%s:%d", ack.Stream, ack.Sequence), ""
}

func (s *natsSender) close() { s.nc.Close() }
