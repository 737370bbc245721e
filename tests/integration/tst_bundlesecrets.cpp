// Issue 7's proof that no secret reaches a support bundle: a real device (the CLI, software
// keys, fakecloud over TLS) joins, gets a PRT by password and by device code, sets up a PIN and
// signs in with it. Then every secret of that device is gathered (planted ones — the PIN and
// the password — and harvested ones: the device codes, the refresh tokens, the PRT and its
// session key as fakecloud issued them, and every private key), and every byte of every entry
// of the bundle, and everything the CLI printed, is searched for each of them in every
// encoding a leak could take.
#include "fakecloudinstance.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <archive.h>
#include <archive_entry.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

using namespace Entra::Test;
using namespace Qt::Literals::StringLiterals;

namespace {

const QString kUpn = u"dana.secrets@contoso.onmicrosoft.com"_s;
const QByteArray kPin = "8302917465";
const QByteArray kPassword = "Planted-Pa55word!Zq7";

struct Secret
{
    QString what;
    QByteArray bytes;
};

struct Leak
{
    QString secret;
    QString where;
    QString encoding;
};

// The forms a secret can take once leaked: as it is, hex, and base64 / base64url at each of
// the three alignments it can have inside a longer encoded blob (the edges, which depend on
// the neighbouring bytes, are cut off). Long text secrets also as their first and last 24
// characters, so a truncated token in a log is caught too.
QList<std::pair<QString, QByteArray>> encodingsOf(const QByteArray &secret)
{
    QList<std::pair<QString, QByteArray>> forms { { u"raw"_s, secret },
                                                  { u"hex"_s, secret.toHex() },
                                                  { u"HEX"_s, secret.toHex().toUpper() } };
    for (int shift = 0; shift < 3; ++shift) {
        const QByteArray padded = QByteArray(QByteArray(shift, '\0') + secret);
        for (const auto &[name, options] :
             { std::pair { u"base64"_s,
                           QByteArray::Base64Encoding | QByteArray::OmitTrailingEquals },
               std::pair { u"base64url"_s,
                           QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals } }) {
            QByteArray encoded = padded.toBase64(options);
            encoded = encoded.mid(shift ? 4 : 0);
            encoded.chop(4);
            if (encoded.size() >= 16)
                forms.append({ u"%1@%2"_s.arg(name).arg(shift), encoded });
        }
    }
    if (secret.size() >= 48) {
        forms.append({ u"prefix"_s, secret.left(24) });
        forms.append({ u"suffix"_s, secret.right(24) });
    }
    return forms;
}

QList<Leak> scan(const QList<Secret> &secrets, const QString &where, const QByteArray &data)
{
    QList<Leak> leaks;
    for (const Secret &secret : secrets) {
        for (const auto &[encoding, form] : encodingsOf(secret.bytes)) {
            if (data.contains(form))
                leaks.append({ secret.what, where, encoding });
        }
    }
    return leaks;
}

// Every entry of a zip, decompressed.
QList<std::pair<QString, QByteArray>> zipEntries(const QString &path)
{
    QList<std::pair<QString, QByteArray>> entries;
    archive *a = archive_read_new();
    archive_read_support_format_zip(a);
    if (archive_read_open_filename(a, QFile::encodeName(path).constData(), 65536) != ARCHIVE_OK)
        qFatal("cannot open the bundle");
    archive_entry *entry = nullptr;
    while (archive_read_next_header(a, &entry) == ARCHIVE_OK) {
        QByteArray data;
        char buffer[65536];
        la_ssize_t n = 0;
        while ((n = archive_read_data(a, buffer, sizeof buffer)) > 0)
            data.append(buffer, n);
        entries.append({ QString::fromUtf8(archive_entry_pathname(entry)), data });
    }
    archive_read_free(a);
    return entries;
}

// The private exponent of a PEM private key (decrypted with `passphrase` when it is
// encrypted): whatever encoding a leaked key took, it carries these bytes.
QByteArray privateExponent(const QByteArray &pem, const QByteArray &passphrase)
{
    BIO *bio = BIO_new_mem_buf(pem.constData(), int(pem.size()));
    EVP_PKEY *key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr,
                                            const_cast<char *>(passphrase.constData()));
    BIO_free(bio);
    if (!key)
        return {};
    BIGNUM *d = nullptr;
    QByteArray out;
    if (EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_D, &d) == 1) {
        out.resize(BN_num_bytes(d));
        BN_bn2bin(d, reinterpret_cast<unsigned char *>(out.data()));
    }
    BN_free(d);
    EVP_PKEY_free(key);
    return out;
}

} // namespace

class TestBundleSecrets : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void scannerFindsEveryEncoding();
    void noSecretReachesTheBundle();

private:
    struct Run
    {
        int exitCode = -1;
        QByteArray output; // stdout and stderr
    };
    QProcess *startCli(const QStringList &arguments, const QByteArray &input = {});
    Run finish(QProcess *process);
    Run run(const QStringList &arguments, const QByteArray &input = {});
    // Runs a command that signs in with a device code: records the code, approves it with MFA.
    Run runWithDeviceCode(const QStringList &arguments);

    std::unique_ptr<FakeCloudInstance> m_cloud;
    QTemporaryDir m_state;
    QTemporaryDir m_scratch;
    QList<QByteArray> m_deviceCodes;
    QByteArray m_cliOutput; // everything every run printed
};

void TestBundleSecrets::initTestCase()
{
    m_cloud = std::make_unique<FakeCloudInstance>();
    QVERIFY2(m_cloud->start(), qPrintable(m_cloud->errorString()));
}

QProcess *TestBundleSecrets::startCli(const QStringList &arguments, const QByteArray &input)
{
    auto *process = new QProcess(this);
    process->setProcessChannelMode(QProcess::MergedChannels);
    process->start(QStringLiteral(ENTRA_DOCTOR_BINARY),
                   arguments
                       + QStringList { u"--state-dir"_s, m_state.path(), u"--cloud"_s,
                                       m_cloud->baseUrl().toString(), u"--ca-file"_s,
                                       m_cloud->caFile(), u"--no-tpm"_s });
    process->write(input);
    process->closeWriteChannel();
    return process;
}

TestBundleSecrets::Run TestBundleSecrets::finish(QProcess *process)
{
    process->waitForFinished(120000);
    Run result { process->exitStatus() == QProcess::NormalExit ? process->exitCode() : -1,
                 process->readAll() };
    m_cliOutput += result.output;
    process->deleteLater();
    return result;
}

TestBundleSecrets::Run TestBundleSecrets::run(const QStringList &arguments, const QByteArray &input)
{
    return finish(startCli(arguments, input));
}

TestBundleSecrets::Run TestBundleSecrets::runWithDeviceCode(const QStringList &arguments)
{
    QProcess *process = startCli(arguments);
    QJsonObject code;
    [[maybe_unused]] const bool appeared = QTest::qWaitFor(
        [&] {
            const QJsonArray codes = m_cloud->deviceCodes();
            if (!codes.isEmpty())
                code = codes.last().toObject();
            return !codes.isEmpty() || process->state() == QProcess::NotRunning;
        },
        60000);
    if (!code.isEmpty()) {
        m_deviceCodes << code.value(u"deviceCode"_s).toString().toUtf8();
        m_cloud->approveDeviceCode(code.value(u"userCode"_s).toString(), kUpn, true);
    }
    return finish(process);
}

void TestBundleSecrets::scannerFindsEveryEncoding()
{
    // The scan must be able to fail: a secret hidden in each encoding inside other bytes.
    const QByteArray key = QByteArray::fromHex("8f3a9c1e55d0b7a2c4e6f8091a2b3c4d5e6f708192a3b4c5");
    const QList<Secret> secrets { { u"session key"_s, key } };
    const QByteArray token = "long enough token value that is only partly printed 1234567890";
    const QList<QByteArray> hiding {
        QByteArray("xx") + key + "yy",
        QByteArray("{\"k\":\"") + key.toHex() + "\"}",
        QByteArray("A") + QByteArray(QByteArray("\x01") + key + "\x02").toBase64() + "Z",
        QByteArray(QByteArray("\x01\x02") + key).toBase64(QByteArray::Base64UrlEncoding),
        QByteArray("note: ") + token.left(30),
    };
    for (qsizetype i = 0; i < 4; ++i)
        QVERIFY2(!scan(secrets, u"test"_s, hiding.at(i)).isEmpty(), qPrintable(QString::number(i)));
    QVERIFY(!scan({ { u"token"_s, token } }, u"test"_s, hiding.at(4)).isEmpty());
    QVERIFY(scan(secrets, u"test"_s, "nothing of it here").isEmpty());
}

void TestBundleSecrets::noSecretReachesTheBundle()
{
    // A device that has been through everything that makes secrets.
    QVERIFY(m_cloud
                ->admin("POST", u"/users/%1/password"_s.arg(kUpn),
                        QJsonObject { { u"password"_s, QString::fromUtf8(kPassword) } })
                .ok());
    Run joined = runWithDeviceCode({ u"join"_s, u"--tenant"_s, m_cloud->tenantDomain() });
    QVERIFY2(joined.exitCode == 0, joined.output.constData());
    Run byPassword = run({ u"prt"_s, u"acquire"_s, u"--password-stdin"_s, kUpn }, kPassword + '\n');
    QVERIFY2(byPassword.exitCode == 0, byPassword.output.constData());
    Run byCode = runWithDeviceCode({ u"prt"_s, u"acquire"_s });
    QVERIFY2(byCode.exitCode == 0, byCode.output.constData());
    Run pin = run({ u"pin"_s, u"setup"_s }, kPin + '\n');
    QVERIFY2(pin.exitCode == 0, pin.output.constData());
    Run test = run({ u"pin"_s, u"test"_s }, kPin + '\n');
    QVERIFY2(test.exitCode == 0, test.output.constData());
    Run wrongPin = run({ u"pin"_s, u"test"_s }, "5550001234\n");
    QCOMPARE(wrongPin.exitCode, 1);
    Run refresh = run({ u"prt"_s, u"refresh"_s });
    QVERIFY2(refresh.exitCode == 0, refresh.output.constData());

    // Its secrets: planted, then harvested from fakecloud and the key files.
    QList<Secret> secrets { { u"PIN"_s, kPin }, { u"password"_s, kPassword } };
    for (const QByteArray &code : std::as_const(m_deviceCodes))
        secrets.append({ u"device code"_s, code });
    const QJsonObject state = m_cloud->state();
    int refreshTokens = 0;
    for (const QJsonValue &token : state.value(u"refreshTokens"_s).toArray()) {
        secrets.append({ u"refresh token"_s, token[u"token"_s].toString().toUtf8() });
        ++refreshTokens;
    }
    int prts = 0;
    for (const QJsonValue &prt : state.value(u"prts"_s).toArray()) {
        secrets.append({ u"PRT"_s, prt[u"token"_s].toString().toUtf8() });
        secrets.append({ u"session key"_s,
                         QByteArray::fromBase64(prt[u"sessionKey"_s].toString().toLatin1()) });
        ++prts;
    }
    int privateKeys = 0;
    QDirIterator keyFiles(m_state.path(), QDir::Files, QDirIterator::Subdirectories);
    while (keyFiles.hasNext()) {
        const QString path = keyFiles.next();
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray content = file.readAll();
        if (!content.contains("PRIVATE KEY-----"))
            continue;
        QCOMPARE(file.permissions() & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());
        const QByteArray d = privateExponent(content, kPin);
        QVERIFY2(!d.isEmpty(), qPrintable(path));
        secrets.append({ u"private key %1"_s.arg(QFileInfo(path).fileName()), d });
        // The file's own base64 lines, in case it were copied as it is.
        for (const QByteArray &line : content.split('\n')) {
            if (line.size() == 64)
                secrets.append({ u"key file line"_s, line });
        }
        ++privateKeys;
    }
    QVERIFY2(m_deviceCodes.size() == 2, "the join and the PRT each used a device code");
    QVERIFY(refreshTokens >= 1);
    QVERIFY(prts >= 1);
    QVERIFY2(privateKeys >= 3, "the device key, the transport key and the Hello key");
    for (const Secret &secret : std::as_const(secrets))
        QVERIFY2(secret.bytes.size() >= 8, qPrintable(secret.what));

    // The bundle, with an event log added.
    const QString zip = m_scratch.filePath(u"bundle.zip"_s);
    Run exported
        = run({ u"bundle"_s, u"export"_s, zip, u"--evtx"_s,
                QStringLiteral(ENTRA_SAMPLES_DIR "/evtx/omerbenamram-evtx__Microsoft-Windows-"
                                                 "HelloForBusiness%4Operational.evtx") });
    QVERIFY2(exported.exitCode == 0, exported.output.constData());

    QList<Leak> leaks;
    const QList<std::pair<QString, QByteArray>> entries = zipEntries(zip);
    QVERIFY(entries.size() >= 6);
    static const QRegularExpression jwt(u"eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\."_s);
    for (const auto &[name, data] : entries) {
        leaks << scan(secrets, name, data);
        QVERIFY2(!data.contains("PRIVATE KEY"), qPrintable(name));
        QVERIFY2(!jwt.match(QString::fromLatin1(data)).hasMatch(), qPrintable(name));
    }
    QFile raw(zip);
    QVERIFY(raw.open(QIODevice::ReadOnly));
    leaks << scan(secrets, u"the zip file itself"_s, raw.readAll());
    leaks << scan(secrets, u"the CLI's output"_s, m_cliOutput);
    // The operation log on disk, which goes into every bundle.
    QDirIterator logs(m_state.path() + u"/logs"_s, QDir::Files);
    while (logs.hasNext()) {
        QFile log(logs.next());
        QVERIFY(log.open(QIODevice::ReadOnly));
        leaks << scan(secrets, log.fileName(), log.readAll());
    }
    QStringList report;
    for (const Leak &leak : std::as_const(leaks))
        report << u"%1 in %2 (%3)"_s.arg(leak.secret, leak.where, leak.encoding);
    QVERIFY2(leaks.isEmpty(), qPrintable(report.join(u"; "_s)));

    // And the state itself is explained in the bundle (this is not an empty bundle).
    bool sawStatus = false;
    for (const auto &[name, data] : entries) {
        if (name == u"status.txt") {
            sawStatus = data.contains("AzureAdPrt : YES") && data.contains("NgcSet : YES");
        }
    }
    QVERIFY(sawStatus);
}

QTEST_GUILESS_MAIN(TestBundleSecrets)
#include "tst_bundlesecrets.moc"
