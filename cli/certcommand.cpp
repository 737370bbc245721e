#include "certcommand.h"

#include "certs/certificatereport.h"
#include "certs/devicecertificatecheck.h"
#include "dsregcmd/statusimport.h"
#include "store/registrationstore.h"
#include "tpm/keystoreselection.h"
#include "tpm/softwarekeystore.h"
#include "tpm/tpmkeystore.h"
#include "tpm/tpmworker.h"

#include <QFile>
#include <QJsonDocument>

#include <cstdio>
#include <memory>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Cli {
namespace {

// The password is the file's first line, so `echo secret > f` works and no secret appears in
// the process list.
Result<QString> readPasswordFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error { ErrorDomain::Io,
                       0,
                       u"Cannot read the password file %1: %2."_s.arg(path, file.errorString()),
                       {},
                       {} };
    QByteArray line = file.readLine(4096);
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    return QString::fromUtf8(line);
}

// The store that holds `keyId`: software keys first (no TPM needed to look), then TPM keys.
std::shared_ptr<KeyStore> keyStoreHolding(const QString &keyId, const GlobalOptions &global,
                                          std::shared_ptr<TpmWorker> &worker)
{
    const QString stateDir
        = global.stateDir.isEmpty() ? RegistrationStore::defaultStateDirectory() : global.stateDir;
    auto software
        = std::make_shared<SoftwareKeyStore>(KeyStoreSelector::softwareKeyDirectory(stateDir));
    if (software->keyIds().contains(KeyStore::normalizeKeyId(keyId)) || global.noTpm)
        return software;
    TctiOptions tcti;
    tcti.explicitTcti = global.tcti;
    worker = std::make_shared<TpmWorker>(tcti);
    auto tpm
        = std::make_shared<TpmKeyStore>(worker, KeyStoreSelector::tpmKeyDirectory(stateDir), 0);
    if (tpm->keyIds().contains(KeyStore::normalizeKeyId(keyId)))
        return tpm;
    return software; // reports the key as missing
}

void printText(QTextStream &out, const CertificateFile &file, const QList<Finding> &checks)
{
    out << "File: " << file.path << " (" << certificateFormatName(file.format)
        << (file.hasPrivateKey() ? ", with private key" : "") << ")\n";
    QString group;
    for (const CertificateFieldRow &row : describeCertificate(file.certificate())) {
        if (row.group != group) {
            group = row.group;
            out << '\n' << group << '\n';
        }
        out << "  " << row.name << ": " << row.value << '\n';
        if (!row.note.isEmpty())
            out << "      (" << row.note << ")\n";
    }
    if (file.certificates.size() > 1) {
        out << "\nOther certificates in the file\n";
        for (qsizetype i = 1; i < file.certificates.size(); ++i)
            out << "  " << file.certificates.at(i).subject << "  "
                << file.certificates.at(i).thumbprint << '\n';
    }
    out << "\nDevice certificate checks\n";
    for (const Finding &check : checks) {
        out << "  [" << outcomeName(check.outcome).toUpper() << "] " << check.title << '\n';
        if (check.outcome == CheckOutcome::Pass || check.outcome == CheckOutcome::Skip)
            continue;
        for (const QString &line : check.evidence)
            out << "         " << line << '\n';
        if (!check.cause.isEmpty())
            out << "         Cause: " << check.cause << '\n';
        for (const QString &step : check.fixSteps)
            out << "         Fix: " << step << '\n';
    }
}

} // namespace

QString CertCommand::name() const
{
    return u"cert"_s;
}

QString CertCommand::summary() const
{
    return u"Show a certificate (PEM, DER or PFX) and check it as a device certificate."_s;
}

QString CertCommand::argumentsSyntax() const
{
    return u"FILE"_s;
}

QList<QCommandLineOption> CertCommand::options() const
{
    return {
        { u"json"_s, u"Print JSON: Subject, Issuer, Thumbprint, ..., Extensions, Checks."_s },
        { u"password-file"_s, u"Read the PFX or key password from the first line of F."_s, u"F"_s },
        { u"import"_s, u"Compare with the DeviceId and Thumbprint of this dsregcmd output."_s,
          u"STATUS"_s },
        { u"key-id"_s, u"Check the device key with this container id (KeySignTest)."_s, u"ID"_s },
    };
}

int CertCommand::run(const Invocation &invocation)
{
    QTextStream &err = invocation.err;
    if (invocation.arguments.size() != 1) {
        err << "entra-doctor cert: give exactly one certificate FILE.\n";
        return ExitUsage;
    }
    const QString path = invocation.arguments.constFirst();
    QString password;
    if (invocation.parser.isSet(u"password-file"_s)) {
        const Result<QString> read = readPasswordFile(invocation.parser.value(u"password-file"_s));
        if (!read) {
            err << "entra-doctor cert: " << read.error().message << '\n';
            return ExitUsage;
        }
        password = *read;
    }
    const Result<CertificateFile> file = CertificateFile::load(path, password);
    if (!file) {
        err << "entra-doctor cert: " << file.error().message << '\n';
        if (file.error().code == CertificatePasswordRequired)
            err << "Give the password with --password-file F (its first line).\n";
        else if (!file.error().fix.isEmpty())
            err << file.error().fix << '\n';
        if (invocation.global.verbose && !file.error().detail.isEmpty())
            err << "Detail: " << file.error().detail << '\n';
        return ExitUsage;
    }

    DeviceCertificateCheckInput input;
    input.certificate = file->certificate();
    input.filePrivateKeyDer = file->privateKeyDer;
    input.now = QDateTime::currentDateTimeUtc();
    if (invocation.parser.isSet(u"import"_s)) {
        const Result<StatusSnapshot> status
            = StatusImport::fromFile(invocation.parser.value(u"import"_s));
        if (!status) {
            err << "entra-doctor cert: " << status.error().message << '\n';
            return ExitUsage;
        }
        input.expected = ExpectedDeviceIdentity::fromSnapshot(*status);
    }
    std::shared_ptr<TpmWorker> worker;
    std::shared_ptr<KeyStore> store;
    if (invocation.parser.isSet(u"key-id"_s)) {
        input.keyId = invocation.parser.value(u"key-id"_s);
        store = keyStoreHolding(input.keyId, invocation.global, worker);
        input.keyStore = store.get();
    }
    const QList<Finding> checks = checkDeviceCertificate(input);

    if (invocation.parser.isSet(u"json"_s)) {
        invocation.out.flush();
        const QByteArray json = QJsonDocument(certificateJson(*file, checks)).toJson();
        std::fwrite(json.constData(), 1, size_t(json.size()), stdout);
    } else {
        printText(invocation.out, *file, checks);
    }
    return countOutcome(checks, CheckOutcome::Fail) > 0 ? ExitProblems : ExitOk;
}

} // namespace Entra::Cli
