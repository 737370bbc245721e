#include "statusjson.h"

#include "common/jsontext.h"
#include "sectioncatalog.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSet>

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace Entra::StatusJson {
namespace {

constexpr auto kDocumentFormat = "entra-doctor-status";
constexpr int kDocumentVersion = 1;


// A second "Key" in one section becomes "Key (2)", so that no printed value is dropped.
QList<StatusField> uniqueKeys(const QList<StatusField> &fields)
{
    QList<StatusField> unique;
    QSet<QString> seen;
    for (const StatusField &field : fields) {
        QString key = field.key;
        for (int n = 2; seen.contains(key.toLower()); ++n)
            key = u"%1 (%2)"_s.arg(field.key).arg(n);
        seen.insert(key.toLower());
        unique.append({key, field.value});
    }
    return unique;
}

StatusSnapshot fromDsregObject(const QJsonObject &object)
{
    QStringList titles = object.keys();
    std::stable_sort(titles.begin(), titles.end(), [](const QString &a, const QString &b) {
        const int ra = SectionCatalog::canonicalRank(a);
        const int rb = SectionCatalog::canonicalRank(b);
        return ra != rb ? ra < rb : a.compare(b, Qt::CaseInsensitive) < 0;
    });
    StatusSnapshot snapshot;
    for (const QString &title : std::as_const(titles)) {
        const QJsonObject fields = object.value(title).toObject();
        StatusSection section{title, {}};
        for (auto it = fields.begin(); it != fields.end(); ++it)
            section.fields.append({it.key(), it.value().toVariant().toString()});
        snapshot.appendSection(section);
    }
    return snapshot;
}

Result<StatusSnapshot> fromDocument(const QJsonObject &object)
{
    if (object.value(u"version"_s).toInt() > kDocumentVersion)
        return Error{ErrorDomain::Parse, 0,
                     u"This status document was written by a newer Entra Doctor (format version %1)."_s
                         .arg(object.value(u"version"_s).toInt()),
                     u"Open it with a newer version of Entra Doctor."_s, {}};
    StatusSnapshot snapshot;
    const QJsonArray sections = object.value(u"sections"_s).toArray();
    for (const QJsonValue &sectionValue : sections) {
        const QJsonObject sectionObject = sectionValue.toObject();
        StatusSection section{sectionObject.value(u"title"_s).toString(), {}};
        const QJsonArray fields = sectionObject.value(u"fields"_s).toArray();
        for (const QJsonValue &fieldValue : fields) {
            const QJsonObject field = fieldValue.toObject();
            section.fields.append(
                {field.value(u"key"_s).toString(), field.value(u"value"_s).toString()});
        }
        snapshot.appendSection(section);
    }
    const QJsonObject origin = object.value(u"origin"_s).toObject();
    snapshot.origin.label = origin.value(u"label"_s).toString();
    snapshot.origin.loadedAt =
        QDateTime::fromString(origin.value(u"loadedAt"_s).toString(), Qt::ISODate);
    return snapshot;
}

bool isDsregObject(const QJsonObject &object)
{
    if (object.isEmpty())
        return false;
    bool anyKnown = false;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!it.value().isObject())
            return false;
        anyKnown = anyKnown || SectionCatalog::isKnownTitle(it.key());
    }
    return anyKnown;
}

} // namespace

bool looksLikeJson(QStringView text)
{
    const QStringView t = text.trimmed();
    return t.startsWith(u'{') || t.startsWith(u'[');
}

QByteArray toDsregJson(const StatusSnapshot &snapshot)
{
    QByteArray out = "{";
    bool firstSection = true;
    for (const StatusSection &section : snapshot.sections()) {
        out += firstSection ? "\n  " : ",\n  ";
        firstSection = false;
        appendJsonString(out, section.title);
        out += ": {";
        bool firstField = true;
        for (const StatusField &field : uniqueKeys(section.fields)) {
            out += firstField ? "\n    " : ",\n    ";
            firstField = false;
            appendJsonString(out, field.key);
            out += ": ";
            appendJsonString(out, field.value);
        }
        out += firstField ? "}" : "\n  }";
    }
    out += firstSection ? "}\n" : "\n}\n";
    return out;
}

QJsonObject toDocument(const StatusSnapshot &snapshot)
{
    QJsonArray sections;
    for (const StatusSection &section : snapshot.sections()) {
        QJsonArray fields;
        for (const StatusField &field : section.fields)
            fields.append(QJsonObject{{u"key"_s, field.key}, {u"value"_s, field.value}});
        sections.append(QJsonObject{{u"title"_s, section.title}, {u"fields"_s, fields}});
    }
    const QJsonObject origin{
        {u"kind"_s, sourceKindName(snapshot.origin.kind)},
        {u"layout"_s, layoutDescription(snapshot.origin.layout)},
        {u"label"_s, snapshot.origin.label},
        {u"loadedAt"_s, snapshot.origin.loadedAt.toUTC().toString(Qt::ISODate)},
    };
    return QJsonObject{{u"format"_s, QString::fromLatin1(kDocumentFormat)},
                       {u"version"_s, kDocumentVersion},
                       {u"origin"_s, origin},
                       {u"sections"_s, sections}};
}

Result<StatusSnapshot> fromJson(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Error{ErrorDomain::Parse, parseError.error,
                     u"The file looks like JSON but cannot be read: %1 at offset %2."_s.arg(
                         parseError.errorString())
                         .arg(parseError.offset),
                     u"Expected the text printed by `dsregcmd /status`, or a JSON file written by "
                     u"`entra-doctor status --json`."_s,
                     {}};
    const QJsonObject object = document.object();
    if (object.value(u"format"_s).toString() == QLatin1StringView(kDocumentFormat))
        return fromDocument(object);
    if (document.isObject() && isDsregObject(object))
        return fromDsregObject(object);
    return Error{ErrorDomain::Parse, 0,
                 u"This is JSON, but not a device status: it has no dsregcmd sections such as "
                 u"\"Device State\"."_s,
                 u"Expected the text printed by `dsregcmd /status`, or a JSON file written by "
                 u"`entra-doctor status --json`."_s,
                 {}};
}

} // namespace Entra::StatusJson
