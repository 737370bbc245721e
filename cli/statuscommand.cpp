#include "statuscommand.h"

#include "dsregcmd/dsregcmdwriter.h"
#include "dsregcmd/statusimport.h"
#include "local/deviceenvironment.h"
#include "state/statusjson.h"
#include "thisdevicecollection.h"

#include <QFile>

#include <cstdio>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Cli {

QString StatusCommand::name() const
{
    return u"status"_s;
}

QString StatusCommand::summary() const
{
    return u"Print the device's registration status in the layout of `dsregcmd /status`."_s;
}

QList<QCommandLineOption> StatusCommand::options() const
{
    return {
        {u"json"_s, u"Print JSON keyed by dsregcmd's section titles and field names."_s},
        {u"import"_s, u"Read a dsregcmd output, status JSON or support bundle from FILE (- for "
                      u"standard input) "
                      u"instead of this device."_s,
         u"FILE"_s},
    };
}

bool StatusCommand::usesDeviceState(const QCommandLineParser &parser) const
{
    return !parser.isSet(u"import"_s);
}

int StatusCommand::run(const Invocation &invocation)
{
    if (!invocation.arguments.isEmpty()) {
        invocation.err << "entra-doctor status: unexpected argument '"
                       << invocation.arguments.constFirst() << "'.\n";
        return ExitUsage;
    }

    StatusSnapshot snapshot;
    if (invocation.parser.isSet(u"import"_s)) {
        const QString path = invocation.parser.value(u"import"_s);
        Result<StatusSnapshot> imported = Error{};
        if (path == u"-") {
            QFile in;
            if (!in.open(stdin, QIODevice::ReadOnly)) {
                invocation.err << "entra-doctor status: cannot read standard input.\n";
                return ExitUsage;
            }
            imported = StatusImport::fromBytes(in.readAll(), u"standard input"_s);
        } else {
            imported = StatusImport::fromFile(path);
        }
        if (!imported) {
            invocation.err << "entra-doctor status: " << imported.error().message << '\n';
            if (!imported.error().fix.isEmpty())
                invocation.err << imported.error().fix << '\n';
            return ExitUsage;
        }
        snapshot = std::move(imported).value();
    } else {
        snapshot = collectThisDevice(
            std::make_shared<DeviceEnvironment>(invocation.global.environment()));
    }

    if (invocation.parser.isSet(u"json"_s)) {
        invocation.out.flush();
        const QByteArray json = StatusJson::toDsregJson(snapshot);
        std::fwrite(json.constData(), 1, size_t(json.size()), stdout);
    } else {
        invocation.out << DsregcmdWriter::write(snapshot);
    }
    return ExitOk;
}

} // namespace Entra::Cli
