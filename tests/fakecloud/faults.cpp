#include "faults.h"

using namespace Qt::Literals::StringLiterals;

namespace FakeCloud {

namespace {

struct KindName
{
    FaultKind kind;
    const char16_t *name;
};

constexpr KindName KindNames[] = {
    { FaultKind::Throttle, u"throttle" }, { FaultKind::Status, u"status" },
    { FaultKind::Delay, u"delay" },       { FaultKind::Malformed, u"malformed" },
    { FaultKind::Close, u"close" },       { FaultKind::Drop, u"drop" },
};

QString kindName(FaultKind kind)
{
    for (const KindName &entry : KindNames) {
        if (entry.kind == kind)
            return QString::fromUtf16(entry.name);
    }
    return {};
}

} // namespace

bool FaultRule::matches(const QByteArray &requestMethod, const QString &requestPath) const
{
    if (remaining <= 0)
        return false;
    if (!method.isEmpty() && method.compare(requestMethod, Qt::CaseInsensitive) != 0)
        return false;
    return path.isEmpty() || requestPath.contains(path, Qt::CaseInsensitive);
}

QJsonObject FaultRule::toJson() const
{
    QJsonObject json { { u"id"_s, id },
                       { u"kind"_s, kindName(kind) },
                       { u"path"_s, path },
                       { u"method"_s, QString::fromLatin1(method) },
                       { u"count"_s, remaining },
                       { u"skip"_s, skip } };
    switch (kind) {
    case FaultKind::Throttle:
        json.insert(u"retryAfter"_s, retryAfter);
        break;
    case FaultKind::Status:
        json.insert(u"status"_s, status);
        json.insert(u"retryAfter"_s, retryAfter);
        break;
    case FaultKind::Delay:
        json.insert(u"delayMs"_s, delayMs);
        break;
    case FaultKind::Malformed:
        json.insert(u"mode"_s, mode);
        json.insert(u"process"_s, process);
        break;
    case FaultKind::Close:
        json.insert(u"bytes"_s, bytes);
        break;
    case FaultKind::Drop:
        json.insert(u"process"_s, process);
        break;
    }
    return json;
}

Expected<FaultRule> FaultRule::fromJson(const QJsonObject &json)
{
    FaultRule rule;
    const QString kind = json.value(u"kind"_s).toString();
    bool known = false;
    for (const KindName &entry : KindNames) {
        if (kind == QString::fromUtf16(entry.name)) {
            rule.kind = entry.kind;
            known = true;
        }
    }
    if (!known)
        return Failure {
            u"unknown fault kind \"%1\" (throttle, status, delay, malformed, close, "
                     "drop)"_s.arg(kind)
        };
    rule.path = json.value(u"path"_s).toString();
    rule.method = json.value(u"method"_s).toString().toUpper().toLatin1();
    rule.remaining = json.value(u"count"_s).toInt(1);
    if (rule.remaining < 1)
        return Failure { u"count must be at least 1"_s };
    rule.skip = json.value(u"skip"_s).toInt(0);
    if (rule.skip < 0)
        return Failure { u"skip must not be negative"_s };
    switch (rule.kind) {
    case FaultKind::Throttle:
        rule.status = 429;
        rule.retryAfter = json.value(u"retryAfter"_s).toInt(5);
        break;
    case FaultKind::Status:
        rule.status = json.value(u"status"_s).toInt(500);
        rule.retryAfter = json.value(u"retryAfter"_s).toInt(0);
        if (rule.status < 400 || rule.status > 599)
            return Failure { u"status must be 400..599"_s };
        break;
    case FaultKind::Delay:
        rule.delayMs = json.value(u"delayMs"_s).toInt(-1);
        if (rule.delayMs < 0 || rule.delayMs > 600000)
            return Failure { u"delayMs must be 0..600000"_s };
        break;
    case FaultKind::Malformed:
        rule.mode = json.value(u"mode"_s).toString(u"truncated"_s);
        rule.process = json.value(u"process"_s).toBool(true);
        if (rule.mode != u"truncated"_s && rule.mode != u"html"_s && rule.mode != u"wrong-json"_s
            && rule.mode != u"empty"_s)
            return Failure { u"mode must be truncated, html, wrong-json or empty"_s };
        break;
    case FaultKind::Close:
        rule.bytes = json.value(u"bytes"_s).toInteger(-1);
        break;
    case FaultKind::Drop:
        rule.process = json.value(u"process"_s).toBool(false);
        break;
    }
    return rule;
}

int FaultPlan::add(FaultRule rule)
{
    rule.id = m_nextId++;
    m_rules.append(rule);
    return rule.id;
}

void FaultPlan::clear()
{
    m_rules.clear();
}

QJsonArray FaultPlan::toJson() const
{
    QJsonArray array;
    for (const FaultRule &rule : m_rules)
        array.append(rule.toJson());
    return array;
}

FaultPlan::Applied FaultPlan::take(const QByteArray &method, const QString &path)
{
    Applied applied;
    for (FaultRule &rule : m_rules) {
        if (!rule.matches(method, path))
            continue;
        if (rule.skip > 0) {
            --rule.skip;
            continue;
        }
        if (rule.kind == FaultKind::Delay) {
            applied.delayMs += rule.delayMs;
            --rule.remaining;
        } else if (!applied.rule) {
            applied.rule = rule;
            --rule.remaining;
        }
    }
    m_rules.removeIf([](const FaultRule &rule) { return rule.remaining <= 0; });
    return applied;
}

} // namespace FakeCloud
