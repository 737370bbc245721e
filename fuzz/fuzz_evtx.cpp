// Event files through the public reader (readEventFile): our .evtx reader (file header, chunks,
// records, binary XML, templates borrowed across chunks) or, for text starting with '{', the
// operation log reader. The bytes are written to a file in the working folder, as a person
// imports one. Reading with one and with two threads must give the same records.
#include "fuzzsupport.h"

#include "events/eventfilereader.h"
#include "events/evtx/evtxreader.h"

#include <QDir>
#include <QFile>

using namespace Entra;
using namespace Entra::Events;
using namespace Qt::Literals::StringLiterals;

namespace {

QString inputPath;

struct Outcome
{
    bool opened = false;
    QList<quint64> recordIds;
    QList<qint64> offsets;
    qint64 issues = 0;
};

Outcome readWith(int threads, bool withXml)
{
    Outcome outcome;
    EvtxReadOptions options;
    options.threads = threads;
    options.withXml = withXml;
    const Result<EvtxSummary> summary = readEventFile(
        inputPath,
        [&outcome](EvtxBatch &&batch) {
            for (const EventRecord &record : std::as_const(batch.records)) {
                outcome.recordIds << record.recordId;
                outcome.offsets << record.fileOffset;
            }
            outcome.issues += batch.issues.size();
            return true;
        },
        options);
    outcome.opened = bool(summary);
    if (summary && summary->records != outcome.recordIds.size())
        Fuzz::invariantFailed("the summary counts other records than were delivered");
    return outcome;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    Fuzz::initialize(argc, argv);
    const QString dir = Fuzz::workDirectory() + u"/evtx-scratch"_s;
    QDir().mkpath(dir);
    inputPath = dir + u"/input.evtx"_s;
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    {
        QFile file(inputPath);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
            || file.write(reinterpret_cast<const char *>(data), qint64(size)) != qint64(size))
            qFatal("fuzz_evtx: cannot write %s", qPrintable(inputPath));
    }
    const Outcome single = readWith(1, true);
    if (!single.opened)
        return 0;

    // Every record the reader delivered renders its XML on request.
    const EvtxReader reader(inputPath);
    if (detectEventFileKind(inputPath) == EventFileKind::Evtx) {
        // (Each call decodes the record's chunk again: the first and the last are enough.)
        if (!single.offsets.isEmpty()) {
            (void)reader.recordXml(single.offsets.constFirst());
            (void)reader.recordXml(single.offsets.constLast());
        }
    }

    // Chunks decoded in parallel are delivered in file order: the same records as one thread.
    if (size > 4096 + 65536) {
        const Outcome parallel = readWith(2, false);
        if (parallel.recordIds != single.recordIds)
            Fuzz::invariantFailed("two threads read other records than one");
    }
    return 0;
}
