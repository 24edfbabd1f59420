package upward

import (
	"errors"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// natsPermanent are the JetStream answers to a publish that sending the
// same envelope again can never turn into an ack, with the reason the
// reconciliation shows. The pusher sets no expected-last-sequence header,
// so a wrong-sequence answer means the stream (or a proxy in front of it)
// demands one the record log cannot give: retrying would only repeat it.
var natsPermanent = []struct {
	err    error
	reason string
}{
	{nats.ErrMaxPayload, "记录超过 NATS 服务器允许的最大消息长度（max_payload），对方不会接收"},
	{jetstream.ErrStreamMessageExceedsMaximum, "记录超过 JetStream 流允许的最大消息长度（max_msg_size），对方不会接收"},
	{&jetstream.APIError{ErrorCode: jsErrCodeHeaderExceedsMaximum}, "消息头超过 JetStream 流允许的长度，对方不会接收"},
	{&jetstream.APIError{ErrorCode: jetstream.JSErrCodeStreamWrongLastSequence}, "JetStream 流要求的上一序号与推送不符，重发不会改变"},
	{&jetstream.APIError{ErrorCode: jetstream.JSErrCodeStreamWrongLastSequenceConstant}, "JetStream 流要求的上一序号与推送不符，重发不会改变"},
}

// jsErrCodeHeaderExceedsMaximum is the server's JSStreamHeaderExceedsMaximumErr
// (nats-server errors.json), which the client library names no constant for.
const jsErrCodeHeaderExceedsMaximum jetstream.ErrorCode = 10097

// permanent is the reason err can never succeed, "" when a retry may.
func permanent(err error) string {
	for _, p := range natsPermanent {
		if errors.Is(err, p.err) {
			return p.reason
		}
	}
	return ""
}
