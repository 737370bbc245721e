#include "rulebook.h"

#include "predicates.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

using namespace Qt::Literals::StringLiterals;

namespace Entra {
namespace {

Error ruleError(const QString &message)
{
    return Error { ErrorDomain::Internal, 0, u"diagnostics.json: "_s + message, {}, {} };
}

std::optional<CheckOutcome> parseOutcome(const QString &text)
{
    for (CheckOutcome o : { CheckOutcome::Fail, CheckOutcome::Warn, CheckOutcome::Info })
        if (outcomeName(o) == text)
            return o;
    return std::nullopt;
}

QStringList strings(const QJsonValue &value)
{
    QStringList list;
    for (const QJsonValue &item : value.toArray())
        list << item.toString();
    return list;
}

bool codeMatches(const QString &pattern, const QString &code)
{
    if (pattern.endsWith(u'*'))
        return code.startsWith(pattern.chopped(1), Qt::CaseInsensitive);
    return code.compare(pattern, Qt::CaseInsensitive) == 0;
}

} // namespace

const CheckVariant *CheckSpec::variantFor(const QStringList &codes) const
{
    for (const CheckVariant &variant : variants) {
        if (variant.codes.isEmpty())
            return &variant;
        for (const QString &pattern : variant.codes)
            for (const QString &code : codes)
                if (codeMatches(pattern, code))
                    return &variant;
    }
    return nullptr;
}

const CheckSpec *RuleBook::check(QStringView id) const
{
    for (const CheckSpec &spec : m_checks)
        if (spec.id == id)
            return &spec;
    return nullptr;
}

Result<RuleBook> RuleBook::fromJson(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (document.isNull())
        return ruleError(parseError.errorString());
    RuleBook book;
    QSet<QString> ids;
    for (const QJsonValue &value : document.object().value(u"checks"_s).toArray()) {
        const QJsonObject o = value.toObject();
        CheckSpec spec;
        spec.id = o.value(u"id"_s).toString();
        spec.predicate = o.value(u"predicate"_s).toString();
        const auto outcome = parseOutcome(o.value(u"outcome"_s).toString());
        if (spec.id.isEmpty() || !outcome || o.value(u"title"_s).toString().isEmpty()
            || o.value(u"passTitle"_s).toString().isEmpty())
            return ruleError(u"check \"%1\" needs id, outcome (fail/warn/info), title and "
                             u"passTitle."_s.arg(spec.id));
        if (!findPredicate(spec.predicate))
            return ruleError(
                u"check \"%1\" names the unknown predicate \"%2\"."_s.arg(spec.id, spec.predicate));
        spec.outcome = *outcome;
        spec.title = o.value(u"title"_s).toString();
        spec.passTitle = o.value(u"passTitle"_s).toString();
        spec.skipTitle = o.value(u"skipTitle"_s).toString();
        spec.cause = o.value(u"cause"_s).toString();
        spec.reference = o.value(u"reference"_s).toString();
        spec.fix = strings(o.value(u"fix"_s));
        for (const QJsonValue &v : o.value(u"variants"_s).toArray()) {
            const QJsonObject vo = v.toObject();
            CheckVariant variant;
            variant.id = vo.value(u"id"_s).toString();
            variant.codes = strings(vo.value(u"codes"_s));
            if (vo.contains(u"outcome"_s)) {
                variant.outcome = parseOutcome(vo.value(u"outcome"_s).toString());
                if (!variant.outcome)
                    return ruleError(u"variant \"%1\" has an unknown outcome."_s.arg(variant.id));
            }
            variant.title = vo.value(u"title"_s).toString();
            variant.cause = vo.value(u"cause"_s).toString();
            variant.reference = vo.value(u"reference"_s).toString();
            variant.fix = strings(vo.value(u"fix"_s));
            if (variant.id.isEmpty() || variant.title.isEmpty())
                return ruleError(u"a variant of \"%1\" needs an id and a title."_s.arg(spec.id));
            if (ids.contains(variant.id))
                return ruleError(u"the id \"%1\" is used twice."_s.arg(variant.id));
            ids.insert(variant.id);
            spec.variants.append(variant);
        }
        if (ids.contains(spec.id))
            return ruleError(u"the id \"%1\" is used twice."_s.arg(spec.id));
        ids.insert(spec.id);
        book.m_checks.append(spec);
    }
    if (book.m_checks.isEmpty())
        return ruleError(u"no checks."_s);
    return book;
}

const RuleBook &RuleBook::builtIn()
{
    static const RuleBook book = [] {
        QFile file(u":/knowledge/diagnostics.json"_s);
        if (!file.open(QIODevice::ReadOnly))
            qFatal("diagnostics.json is missing from the resources");
        Result<RuleBook> loaded = fromJson(file.readAll());
        if (!loaded)
            qFatal("%s", qPrintable(loaded.error().message));
        return std::move(loaded).value();
    }();
    return book;
}

} // namespace Entra
