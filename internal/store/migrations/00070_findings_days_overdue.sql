-- The days overdue leave the stored findings of the penalty cases (issue 10):
-- the engine now stores 已超期若干日 (已逾期若干日 for an unpaid fine) where it
-- wrote the count, and the count is put in when a finding is read
-- (flow.Message, from its due date and the day it is read on), so the daily
-- due pass no longer rewrites every overdue case and its warning each day.
-- Here the findings stored before say the same: each 已超期<digits>日 of the
-- deadline rules' messages (and 已逾期<digits>日 of PAYMENT_OVERDUE's) becomes
-- the mark, so a replay or the next due pass finds them unchanged. Portable
-- SQL has no regular expression: each statement takes off the digits after
-- the word (at least one, nested for 0–9), seven rounds for counts of up to
-- seven digits, then the bare word and 日 become the mark.

-- +goose Up
UPDATE findings SET message = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(message, '已超期0', '已超期'), '已超期1', '已超期'), '已超期2', '已超期'), '已超期3', '已超期'), '已超期4', '已超期'), '已超期5', '已超期'), '已超期6', '已超期'), '已超期7', '已超期'), '已超期8', '已超期'), '已超期9', '已超期')
    WHERE subject_kind = 'case' AND rule IN ('DECISION_OVERDUE', 'DELIVERY_OVERDUE', 'PUBLICITY_OVERDUE', 'PRESERVATION_OVERDUE', 'SEIZURE_OVERDUE', 'TRANSFER_OVERDUE', 'WITHDRAWAL_OVERDUE') AND message LIKE '%已超期%';
UPDATE findings SET message = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(message, '已超期0', '已超期'), '已超期1', '已超期'), '已超期2', '已超期'), '已超期3', '已超期'), '已超期4', '已超期'), '已超期5', '已超期'), '已超期6', '已超期'), '已超期7', '已超期'), '已超期8', '已超期'), '已超期9', '已超期')
    WHERE subject_kind = 'case' AND rule IN ('DECISION_OVERDUE', 'DELIVERY_OVERDUE', 'PUBLICITY_OVERDUE', 'PRESERVATION_OVERDUE', 'SEIZURE_OVERDUE', 'TRANSFER_OVERDUE', 'WITHDRAWAL_OVERDUE') AND message LIKE '%已超期%';
UPDATE findings SET message = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(message, '已超期0', '已超期'), '已超期1', '已超期'), '已超期2', '已超期'), '已超期3', '已超期'), '已超期4', '已超期'), '已超期5', '已超期'), '已超期6', '已超期'), '已超期7', '已超期'), '已超期8', '已超期'), '已超期9', '已超期')
    WHERE subject_kind = 'case' AND rule IN ('DECISION_OVERDUE', 'DELIVERY_OVERDUE', 'PUBLICITY_OVERDUE', 'PRESERVATION_OVERDUE', 'SEIZURE_OVERDUE', 'TRANSFER_OVERDUE', 'WITHDRAWAL_OVERDUE') AND message LIKE '%已超期%';
UPDATE findings SET message = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(message, '已超期0', '已超期'), '已超期1', '已超期'), '已超期2', '已超期'), '已超期3', '已超期'), '已超期4', '已超期'), '已超期5', '已超期'), '已超期6', '已超期'), '已超期7', '已超期'), '已超期8', '已超期'), '已超期9', '已超期')
    WHERE subject_kind = 'case' AND rule IN ('DECISION_OVERDUE', 'DELIVERY_OVERDUE', 'PUBLICITY_OVERDUE', 'PRESERVATION_OVERDUE', 'SEIZURE_OVERDUE', 'TRANSFER_OVERDUE', 'WITHDRAWAL_OVERDUE') AND message LIKE '%已超期%';
UPDATE findings SET message = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(message, '已超期0', '已超期'), '已超期1', '已超期'), '已超期2', '已超期'), '已超期3', '已超期'), '已超期4', '已超期'), '已超期5', '已超期'), '已超期6', '已超期'), '已超期7', '已超期'), '已超期8', '已超期'), '已超期9', '已超期')
    WHERE subject_kind = 'case' AND rule IN ('DECISION_OVERDUE', 'DELIVERY_OVERDUE', 'PUBLICITY_OVERDUE', 'PRESERVATION_OVERDUE', 'SEIZURE_OVERDUE', 'TRANSFER_OVERDUE', 'WITHDRAWAL_OVERDUE') AND message LIKE '%已超期%';
UPDATE findings SET message = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(message, '已超期0', '已超期'), '已超期1', '已超期'), '已超期2', '已超期'), '已超期3', '已超期'), '已超期4', '已超期'), '已超期5', '已超期'), '已超期6', '已超期'), '已超期7', '已超期'), '已超期8', '已超期'), '已超期9', '已超期')
    WHERE subject_kind = 'case' AND rule IN ('DECISION_OVERDUE', 'DELIVERY_OVERDUE', 'PUBLICITY_OVERDUE', 'PRESERVATION_OVERDUE', 'SEIZURE_OVERDUE', 'TRANSFER_OVERDUE', 'WITHDRAWAL_OVERDUE') AND message LIKE '%已超期%';
UPDATE findings SET message = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(message, '已超期0', '已超期'), '已超期1', '已超期'), '已超期2', '已超期'), '已超期3', '已超期'), '已超期4', '已超期'), '已超期5', '已超期'), '已超期6', '已超期'), '已超期7', '已超期'), '已超期8', '已超期'), '已超期9', '已超期')
    WHERE subject_kind = 'case' AND rule IN ('DECISION_OVERDUE', 'DELIVERY_OVERDUE', 'PUBLICITY_OVERDUE', 'PRESERVATION_OVERDUE', 'SEIZURE_OVERDUE', 'TRANSFER_OVERDUE', 'WITHDRAWAL_OVERDUE') AND message LIKE '%已超期%';
UPDATE findings SET message = replace(message, '已超期日', '已超期若干日')
    WHERE subject_kind = 'case' AND rule IN ('DECISION_OVERDUE', 'DELIVERY_OVERDUE', 'PUBLICITY_OVERDUE', 'PRESERVATION_OVERDUE', 'SEIZURE_OVERDUE', 'TRANSFER_OVERDUE', 'WITHDRAWAL_OVERDUE') AND message LIKE '%已超期%';
UPDATE findings SET message = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(message, '已逾期0', '已逾期'), '已逾期1', '已逾期'), '已逾期2', '已逾期'), '已逾期3', '已逾期'), '已逾期4', '已逾期'), '已逾期5', '已逾期'), '已逾期6', '已逾期'), '已逾期7', '已逾期'), '已逾期8', '已逾期'), '已逾期9', '已逾期')
    WHERE subject_kind = 'case' AND rule IN ('PAYMENT_OVERDUE') AND message LIKE '%已逾期%';
UPDATE findings SET message = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(message, '已逾期0', '已逾期'), '已逾期1', '已逾期'), '已逾期2', '已逾期'), '已逾期3', '已逾期'), '已逾期4', '已逾期'), '已逾期5', '已逾期'), '已逾期6', '已逾期'), '已逾期7', '已逾期'), '已逾期8', '已逾期'), '已逾期9', '已逾期')
    WHERE subject_kind = 'case' AND rule IN ('PAYMENT_OVERDUE') AND message LIKE '%已逾期%';
UPDATE findings SET message = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(message, '已逾期0', '已逾期'), '已逾期1', '已逾期'), '已逾期2', '已逾期'), '已逾期3', '已逾期'), '已逾期4', '已逾期'), '已逾期5', '已逾期'), '已逾期6', '已逾期'), '已逾期7', '已逾期'), '已逾期8', '已逾期'), '已逾期9', '已逾期')
    WHERE subject_kind = 'case' AND rule IN ('PAYMENT_OVERDUE') AND message LIKE '%已逾期%';
UPDATE findings SET message = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(message, '已逾期0', '已逾期'), '已逾期1', '已逾期'), '已逾期2', '已逾期'), '已逾期3', '已逾期'), '已逾期4', '已逾期'), '已逾期5', '已逾期'), '已逾期6', '已逾期'), '已逾期7', '已逾期'), '已逾期8', '已逾期'), '已逾期9', '已逾期')
    WHERE subject_kind = 'case' AND rule IN ('PAYMENT_OVERDUE') AND message LIKE '%已逾期%';
UPDATE findings SET message = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(message, '已逾期0', '已逾期'), '已逾期1', '已逾期'), '已逾期2', '已逾期'), '已逾期3', '已逾期'), '已逾期4', '已逾期'), '已逾期5', '已逾期'), '已逾期6', '已逾期'), '已逾期7', '已逾期'), '已逾期8', '已逾期'), '已逾期9', '已逾期')
    WHERE subject_kind = 'case' AND rule IN ('PAYMENT_OVERDUE') AND message LIKE '%已逾期%';
UPDATE findings SET message = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(message, '已逾期0', '已逾期'), '已逾期1', '已逾期'), '已逾期2', '已逾期'), '已逾期3', '已逾期'), '已逾期4', '已逾期'), '已逾期5', '已逾期'), '已逾期6', '已逾期'), '已逾期7', '已逾期'), '已逾期8', '已逾期'), '已逾期9', '已逾期')
    WHERE subject_kind = 'case' AND rule IN ('PAYMENT_OVERDUE') AND message LIKE '%已逾期%';
UPDATE findings SET message = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(message, '已逾期0', '已逾期'), '已逾期1', '已逾期'), '已逾期2', '已逾期'), '已逾期3', '已逾期'), '已逾期4', '已逾期'), '已逾期5', '已逾期'), '已逾期6', '已逾期'), '已逾期7', '已逾期'), '已逾期8', '已逾期'), '已逾期9', '已逾期')
    WHERE subject_kind = 'case' AND rule IN ('PAYMENT_OVERDUE') AND message LIKE '%已逾期%';
UPDATE findings SET message = replace(message, '已逾期日', '已逾期若干日')
    WHERE subject_kind = 'case' AND rule IN ('PAYMENT_OVERDUE') AND message LIKE '%已逾期%';

-- +goose Down
-- The counts are not kept: a database migrated down shows the mark until
-- its cases are judged again by the earlier release (its next due pass).
SELECT 1;
