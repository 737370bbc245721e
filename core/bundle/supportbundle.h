#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace Entra::Bundle {

// The version of the bundle layout this build writes and the newest it reads.
constexpr int kFormatVersion = 1;

inline constexpr char16_t kManifestPath[] = u"manifest.json";
inline constexpr char16_t kStatusTextPath[] = u"status.txt";
inline constexpr char16_t kStatusJsonPath[] = u"status.json";
inline constexpr char16_t kFindingsPath[] = u"findings.json";
inline constexpr char16_t kTpmPath[] = u"tpm.json";
inline constexpr char16_t kConnectivityPath[] = u"connectivity.json";
inline constexpr char16_t kReportPath[] = u"report.html";
inline constexpr char16_t kCertificatesDir[] = u"certificates/";
inline constexpr char16_t kEventsDir[] = u"events/";

struct ManifestEntry
{
    QString path; // inside the zip, '/'-separated, relative
    qint64 size = 0;
    QByteArray sha256; // lower-case hex
};

// manifest.json: what the bundle holds and how to check it.
struct Manifest
{
    int formatVersion = kFormatVersion;
    QString toolVersion;
    QDateTime created; // UTC
    QString source; // the snapshot's label: "This device", the imported file
    QString host; // the machine that wrote the bundle
    bool identitiesRedacted = false;
    QStringList notes; // what was left out and why
    QList<ManifestEntry> entries;

    QByteArray toJson() const;
    // Refuses a manifest of a newer format version with a message that says so.
    static Result<Manifest> fromJson(const QByteArray &json);
};

} // namespace Entra::Bundle
