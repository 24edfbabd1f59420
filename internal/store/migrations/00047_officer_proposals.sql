-- Proposals on officers (行政执法监督条例 Art. 32: 批评教育, 离岗教育, 调离执法
-- 岗位, 取消执法资格), one row per officer_proposal act of a supervision
-- case, written in the act's transaction: the officer's record in the
-- registry lists them by certificate number.

-- +goose Up
CREATE TABLE officer_proposals (
    act_id      BIGINT PRIMARY KEY REFERENCES supervision_acts (id) ON DELETE CASCADE,
    case_id     BIGINT NOT NULL REFERENCES supervision_cases (id) ON DELETE CASCADE,
    cert_no     TEXT NOT NULL,
    measure     TEXT NOT NULL,
    body_region TEXT NOT NULL,
    proposed_on TEXT NOT NULL,
    recorded_at BIGINT NOT NULL
);
CREATE INDEX officer_proposals_cert ON officer_proposals (cert_no, proposed_on);

-- +goose Down
DROP TABLE officer_proposals;
