// dsregcmd /status text (any layout, UTF-16, pasted from chats) and the JSON this program
// writes, then everything that reads a snapshot: join type, health, diagnostics, the writer.
#include "fuzzsupport.h"

#include "diagnostics/diagnosticengine.h"
#include "dsregcmd/dsregcmdparser.h"
#include "dsregcmd/dsregcmdwriter.h"
#include "dsregcmd/statusimport.h"
#include "state/healthsummary.h"
#include "state/jointype.h"
#include "state/statusjson.h"

#include <QDateTime>
#include <QJsonDocument>

using namespace Entra;
using namespace Qt::Literals::StringLiterals;

namespace {

void useSnapshot(const StatusSnapshot &snapshot)
{
    const QDateTime now = QDateTime(QDate(2024, 6, 1), QTime(12, 0), Qt::UTC);
    (void)assessJoin(snapshot);
    (void)summarizeHealth(snapshot, now);
    DiagnosticInput input;
    input.snapshot = snapshot;
    (void)DiagnosticEngine::run(input);
    (void)StatusJson::toDsregJson(snapshot);
    (void)StatusJson::toDocument(snapshot);
    (void)DsregcmdWriter::write(snapshot);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    Fuzz::initialize(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = Fuzz::bytes(data, size);
    // Zips go to the bundle reader (fuzz_bundle), which writes files.
    if (input.startsWith("PK"))
        return 0;
    // Text (DsregcmdParser) or JSON (StatusJson), as a file or a paste is imported.
    const Result<StatusSnapshot> snapshot = StatusImport::fromBytes(input, u"fuzz"_s);
    if (!snapshot)
        return 0;
    useSnapshot(*snapshot);
    // What the lossless document says, it reads back.
    const QByteArray again = QJsonDocument(StatusJson::toDocument(*snapshot)).toJson();
    if (!StatusJson::fromJson(again))
        Fuzz::invariantFailed("StatusJson::toDocument output does not read back");
    return 0;
}
