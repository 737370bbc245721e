#include "supportbundle.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Bundle {

QByteArray Manifest::toJson() const
{
    QJsonArray files;
    for (const ManifestEntry &entry : entries) {
        files.append(QJsonObject {
            { u"path"_s, entry.path },
            { u"size"_s, entry.size },
            { u"sha256"_s, QString::fromLatin1(entry.sha256) },
        });
    }
    const QJsonObject root {
        { u"formatVersion"_s, formatVersion },
        { u"tool"_s, u"Entra Doctor"_s },
        { u"toolVersion"_s, toolVersion },
        { u"created"_s, created.toUTC().toString(Qt::ISODate) },
        { u"source"_s, source },
        { u"host"_s, host },
        { u"identitiesRedacted"_s, identitiesRedacted },
        { u"notes"_s, QJsonArray::fromStringList(notes) },
        { u"entries"_s, files },
    };
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

Result<Manifest> Manifest::fromJson(const QByteArray &json)
{
    const Error notOurs { ErrorDomain::Parse,
                          0,
                          u"The bundle's manifest.json is not an Entra Doctor manifest."_s,
                          u"Open a support bundle written by Entra Doctor's Export support bundle "
                          u"(entra-doctor bundle export)."_s,
                          {} };
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return notOurs;
    const QJsonObject root = document.object();
    const QJsonValue version = root.value(u"formatVersion"_s);
    if (!version.isDouble() || version.toInt() < 1)
        return notOurs;
    Manifest manifest;
    manifest.formatVersion = version.toInt();
    if (manifest.formatVersion > kFormatVersion) {
        return Error { ErrorDomain::Parse,
                       manifest.formatVersion,
                       u"This support bundle has format version %1, newer than this Entra Doctor "
                       u"reads (up to version %2)."_s.arg(manifest.formatVersion)
                           .arg(kFormatVersion),
                       u"Open it with a newer Entra Doctor."_s,
                       {} };
    }
    manifest.toolVersion = root.value(u"toolVersion"_s).toString();
    manifest.created = QDateTime::fromString(root.value(u"created"_s).toString(), Qt::ISODate);
    manifest.source = root.value(u"source"_s).toString();
    manifest.host = root.value(u"host"_s).toString();
    manifest.identitiesRedacted = root.value(u"identitiesRedacted"_s).toBool();
    for (const QJsonValue &note : root.value(u"notes"_s).toArray())
        manifest.notes << note.toString();
    const QJsonValue entries = root.value(u"entries"_s);
    if (!entries.isArray())
        return notOurs;
    for (const QJsonValue &value : entries.toArray()) {
        const QJsonObject object = value.toObject();
        ManifestEntry entry;
        entry.path = object.value(u"path"_s).toString();
        // toInteger: a size that is no whole number within qint64 is -1, not undefined behaviour
        // (fuzz_bundle found 7.8e74).
        entry.size = object.value(u"size"_s).toInteger(-1);
        entry.sha256 = object.value(u"sha256"_s).toString().toLatin1();
        if (entry.path.isEmpty() || entry.size < 0 || entry.sha256.size() != 64)
            return notOurs;
        manifest.entries << entry;
    }
    return manifest;
}

} // namespace Entra::Bundle
