#pragma once

#include "expected.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

// Injected faults: count-based rules, applied in the order they were added, so every run of a
// test sees the same sequence (README.md "Faults").
namespace FakeCloud {

enum class FaultKind {
    Throttle, // 429 + Retry-After; the request is not processed
    Status, // a 5xx (or any) status with the area's error body; not processed
    Delay, // the normal answer, delayMs later; combines with one of the others
    Malformed, // processed, then the body is replaced (mode: truncated | html | wrong-json | empty)
    Close, // processed, then the connection is closed after part of the body
    Drop, // the connection is closed without a byte of answer (process: handled first or not)
};

struct FaultRule
{
    int id = 0;
    FaultKind kind = FaultKind::Status;
    QString path; // case-insensitive substring of the request path; empty = any non-admin path
    QByteArray method; // empty = any
    int remaining = 1; // requests it still applies to
    int skip = 0; // matching requests still let through untouched before it applies
    int status = 500;
    int retryAfter = 5; // seconds (Throttle; Status when > 0)
    int delayMs = 0;
    QString mode = QStringLiteral("truncated");
    bool process = true; // Malformed (default true), Drop (default false): run the handler first
    qint64 bytes = -1; // Close: body bytes sent before closing (-1 = half)

    bool matches(const QByteArray &requestMethod, const QString &requestPath) const;
    QJsonObject toJson() const;
    static Expected<FaultRule> fromJson(const QJsonObject &json);
};

class FaultPlan
{
public:
    struct Applied
    {
        int delayMs = 0;
        std::optional<FaultRule> rule; // the response-changing rule, if any
    };

    int add(FaultRule rule); // returns its id
    void clear();
    QJsonArray toJson() const;
    // The faults for this request; decrements the counters of the rules used.
    Applied take(const QByteArray &method, const QString &path);

private:
    QList<FaultRule> m_rules;
    int m_nextId = 1;
};

} // namespace FakeCloud
