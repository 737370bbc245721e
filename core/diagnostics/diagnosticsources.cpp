#include "diagnosticsources.h"

#include "certs/certificatefile.h"
#include "events/evtx/evtxreader.h"

#include <QFile>

using namespace Qt::Literals::StringLiterals;

namespace Entra::DiagnosticSources {

StatusSnapshot merge(const QList<StatusSnapshot> &snapshots)
{
    if (snapshots.isEmpty())
        return {};
    StatusSnapshot merged = snapshots.constFirst();
    for (qsizetype i = 1; i < snapshots.size(); ++i) {
        for (const StatusSection &section : snapshots.at(i).sections()) {
            StatusSection &target = merged.ensureSection(section.title);
            for (const StatusField &field : section.fields)
                if (!target.contains(field.key))
                    target.fields.append(field);
        }
        merged.origin.label += u" + "_s + snapshots.at(i).origin.label;
        merged.origin.unplacedLines += snapshots.at(i).origin.unplacedLines;
    }
    return merged;
}

bool isRelevantEvent(const Events::EventRecord &event)
{
    static const QStringList channels { u"User Device Registration"_s, u"Microsoft-Windows-AAD"_s,
                                        u"HelloForBusiness"_s };
    for (const QString &channel : channels)
        if (event.channel.contains(channel, Qt::CaseInsensitive))
            return true;
    return false;
}

QList<Events::EventRecord> relevantEvents(const QList<Events::EventRecord> &events)
{
    QList<Events::EventRecord> relevant;
    for (const Events::EventRecord &event : events)
        if (isRelevantEvent(event))
            relevant.append(event);
    return relevant;
}

Result<QList<Events::EventRecord>> readEvents(const QStringList &paths)
{
    QList<Events::EventRecord> events;
    for (const QString &path : paths) {
        const auto summary = Events::EvtxReader(path).read([&](Events::EvtxBatch &&batch) {
            for (Events::EventRecord &record : batch.records)
                if (isRelevantEvent(record))
                    events.append(std::move(record));
            return true;
        });
        if (!summary)
            return summary.error();
    }
    return events;
}

Result<QList<DeviceCertificate>> readCertificates(const QStringList &paths)
{
    QList<DeviceCertificate> certificates;
    for (const QString &path : paths) {
        const Result<CertificateFile> file = CertificateFile::load(path);
        if (!file) {
            Error error = file.error();
            error.message = u"%1: %2"_s.arg(path, error.message);
            return error;
        }
        certificates.append(file->certificate());
    }
    return certificates;
}

Result<CloudDeviceRecord> readGraphDevice(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error {
            ErrorDomain::Io, 0, u"Cannot open %1: %2."_s.arg(path, file.errorString()), {}, {}
        };
    if (file.size() > 4 * 1024 * 1024)
        return Error {
            ErrorDomain::Io, 0, u"%1 is too large for a Graph device record."_s.arg(path), {}, {}
        };
    return CloudDeviceRecord::fromGraphJson(file.readAll());
}

} // namespace Entra::DiagnosticSources
