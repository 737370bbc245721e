#include "bundle/identitymasker.h"
#include "bundle/supportbundlereader.h"
#include "bundle/supportbundlewriter.h"
#include "dsregcmd/statusimport.h"
#include "sampleutil.h"
#include "state/statusjson.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <archive.h>
#include <archive_entry.h>

using namespace Qt::Literals::StringLiterals;
using namespace Entra;
using namespace Entra::Bundle;

namespace {

const QString kSample = u"17-it-locale-powershell-workplace-joined-registered-full.txt"_s;
const QString kTenant = u"5a1b2c3d-1111-4222-8333-944455556666"_s;
const QString kUpn = u"alice.planted@contoso.example"_s;

struct ZipItem
{
    QString path;
    QByteArray data;
    QString symlinkTarget; // set: a symbolic link
};

void writeZip(const QString &path, const QList<ZipItem> &items)
{
    archive *a = archive_write_new();
    archive_write_set_format_zip(a);
    QCOMPARE(archive_write_open_filename(a, QFile::encodeName(path).constData()), ARCHIVE_OK);
    for (const ZipItem &item : items) {
        archive_entry *e = archive_entry_new();
        archive_entry_set_pathname(e, item.path.toUtf8().constData());
        if (item.symlinkTarget.isEmpty()) {
            archive_entry_set_filetype(e, AE_IFREG);
            archive_entry_set_size(e, item.data.size());
        } else {
            archive_entry_set_filetype(e, AE_IFLNK);
            archive_entry_set_symlink(e, item.symlinkTarget.toUtf8().constData());
        }
        archive_entry_set_perm(e, 0644);
        QCOMPARE(archive_write_header(a, e), ARCHIVE_OK);
        if (!item.data.isEmpty())
            archive_write_data(a, item.data.constData(), size_t(item.data.size()));
        archive_entry_free(e);
    }
    archive_write_close(a);
    archive_write_free(a);
}

QList<ZipItem> readZip(const QString &path)
{
    QList<ZipItem> items;
    archive *a = archive_read_new();
    archive_read_support_format_zip(a);
    if (archive_read_open_filename(a, QFile::encodeName(path).constData(), 65536) != ARCHIVE_OK)
        qFatal("cannot open the zip");
    archive_entry *e = nullptr;
    while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
        ZipItem item { QString::fromUtf8(archive_entry_pathname(e)), {}, {} };
        char buffer[65536];
        la_ssize_t n = 0;
        while ((n = archive_read_data(a, buffer, sizeof buffer)) > 0)
            item.data.append(buffer, n);
        items << item;
    }
    archive_read_free(a);
    return items;
}

StatusSnapshot sampleSnapshot()
{
    Result<StatusSnapshot> snapshot
        = StatusImport::fromBytes(readDsregcmdSample(kSample), u"sample"_s);
    if (!snapshot)
        qFatal("sample does not parse");
    return *snapshot;
}

QByteArray manifestJson(int version, const QList<ZipItem> &items)
{
    Manifest manifest;
    manifest.formatVersion = version;
    for (const ZipItem &item : items)
        manifest.entries << ManifestEntry {
            item.path, item.data.size(),
            QCryptographicHash::hash(item.data, QCryptographicHash::Sha256).toHex()
        };
    return manifest.toJson();
}

// Every file below `dir`, relative.
QStringList filesBelow(const QString &dir)
{
    QStringList files;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext())
        files << QDir(dir).relativeFilePath(it.next());
    files.sort();
    return files;
}

} // namespace

Q_DECLARE_METATYPE(ZipItem)

class TestSupportBundle : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip();
    void statusImportOpensABundle();
    void tamperedEntryIsRefused();
    void craftedZipsAreRefused_data();
    void craftedZipsAreRefused();
    void secretsNeverReachTheBundle();
    void identitiesAreMasked();
    void maskerIsConsistent();
    void manifestSizesAreWholeNumbers_data();
    void manifestSizesAreWholeNumbers();
};

void TestSupportBundle::roundTrip()
{
    QTemporaryDir scratch;
    const StatusSnapshot snapshot = sampleSnapshot();
    const QString evtx = scratch.filePath(u"System.evtx"_s);
    QByteArray evtxBytes("ElfFile\0not really an evtx but copied as it is", 46);
    {
        QFile f(evtx);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(evtxBytes);
    }
    SupportBundleContent content;
    content.snapshot = snapshot;
    content.eventFiles << evtx;
    const QString zip = scratch.filePath(u"bundle.zip"_s);
    Result<Manifest> written = SupportBundleWriter::write(zip, content);
    QVERIFY2(written, qPrintable(written ? QString() : written.error().message));
    QVERIFY(!QFile::exists(zip + u".part"_s));

    QStringList paths;
    for (const ManifestEntry &entry : written->entries)
        paths << entry.path;
    QVERIFY(paths.contains(u"status.txt"_s));
    QVERIFY(paths.contains(u"status.json"_s));
    QVERIFY(paths.contains(u"findings.json"_s));
    QVERIFY(paths.contains(u"connectivity.json"_s));
    QVERIFY(paths.contains(u"report.html"_s));
    QVERIFY(paths.contains(u"events/System.evtx"_s));

    Result<ImportedBundle> read = SupportBundleReader::read(zip);
    QVERIFY2(read, qPrintable(read ? QString() : read.error().message));
    QCOMPARE(read->snapshot.sections(), snapshot.sections());
    QCOMPARE(read->snapshot.origin.kind, SourceKind::Bundle);
    QCOMPARE(read->manifest.formatVersion, kFormatVersion);
    QCOMPARE(read->manifest.entries.size(), written->entries.size());
    QCOMPARE(read->eventFiles.size(), 1);
    QFile copied(read->eventFiles.constFirst());
    QVERIFY(copied.open(QIODevice::ReadOnly));
    QCOMPARE(copied.readAll(), evtxBytes);
    QVERIFY(read->eventFiles.constFirst().startsWith(read->directory->path()));
    QVERIFY(!read->findingsFile.isEmpty());
    QCOMPARE(read->connectivityFile, read->directory->filePath(u"connectivity.json"_s));
    QCOMPARE(read->reportFile, read->directory->filePath(u"report.html"_s));
    // The fake .evtx is copied, and the report says it could not be read as events.
    QFile report(read->reportFile);
    QVERIFY(report.open(QIODevice::ReadOnly));
    QVERIFY(report.readAll().contains("<code>events/System.evtx</code></td><td>0</td>"));

    // status.txt parses back to the same sections.
    QFile text(read->directory->filePath(u"status.txt"_s));
    QVERIFY(text.open(QIODevice::ReadOnly));
    Result<StatusSnapshot> fromText = StatusImport::fromBytes(text.readAll(), u"t"_s);
    QVERIFY(fromText);
    QCOMPARE(fromText->sections(), snapshot.sections());
}

void TestSupportBundle::statusImportOpensABundle()
{
    QTemporaryDir scratch;
    SupportBundleContent content;
    content.snapshot = sampleSnapshot();
    const QString zip = scratch.filePath(u"b.zip"_s);
    QVERIFY(SupportBundleWriter::write(zip, content));
    Result<StatusSnapshot> imported = StatusImport::fromFile(zip);
    QVERIFY2(imported, qPrintable(imported ? QString() : imported.error().message));
    QCOMPARE(imported->sections(), content.snapshot.sections());
    QCOMPARE(imported->origin.kind, SourceKind::Bundle);
}

void TestSupportBundle::tamperedEntryIsRefused()
{
    QTemporaryDir scratch;
    SupportBundleContent content;
    content.snapshot = sampleSnapshot();
    const QString zip = scratch.filePath(u"b.zip"_s);
    QVERIFY(SupportBundleWriter::write(zip, content));

    QList<ZipItem> items = readZip(zip);
    bool changed = false;
    for (ZipItem &item : items) {
        if (item.path == u"status.json") {
            item.data.replace("YES", "NO ");
            changed = true;
        }
    }
    QVERIFY(changed);
    const QString tampered = scratch.filePath(u"tampered.zip"_s);
    writeZip(tampered, items);
    Result<ImportedBundle> read = SupportBundleReader::read(tampered);
    QVERIFY(!read);
    QVERIFY2(read.error().message.contains(u"status.json does not match the SHA-256"_s),
             qPrintable(read.error().message));
}

void TestSupportBundle::craftedZipsAreRefused_data()
{
    QTest::addColumn<QList<ZipItem>>("items");
    QTest::addColumn<QByteArray>("rawBytes"); // instead of a zip, when set
    QTest::addColumn<QString>("message");

    const QByteArray statusJson = QJsonDocument(StatusJson::toDocument(sampleSnapshot())).toJson();
    const QList<ZipItem> valid { { u"status.json"_s, statusJson, {} } };

    QTest::newRow("dot-dot") << QList<ZipItem> { { u"../evil"_s, "evil", {} } } << QByteArray()
                             << u"reaches outside the bundle with \"..\""_s;
    QTest::newRow("nested dot-dot") << QList<ZipItem> { { u"events/../../evil"_s, "evil", {} } }
                                    << QByteArray() << u"reaches outside the bundle"_s;
    const QString absolute = QDir::tempPath() + u"/entra-bundle-test-evil-absolute"_s;
    QTest::newRow("absolute") << QList<ZipItem> { { absolute, "evil", {} } } << QByteArray()
                              << u"has an absolute path"_s;
    QTest::newRow("symlink") << QList<ZipItem> { { u"events/link"_s, {}, u"/etc/passwd"_s } }
                             << QByteArray() << u"is a link"_s;
    QTest::newRow("zip bomb") << QList<ZipItem> {
        { u"events/big.evtx"_s, QByteArray(32 * 1024 * 1024, '\0'), {} }
    } << QByteArray() << u"compressed suspiciously well"_s;
    QList<ZipItem> newer = valid;
    newer << ZipItem { u"manifest.json"_s, manifestJson(2, valid), {} };
    QTest::newRow("newer version")
        << newer << QByteArray() << u"format version 2, newer than this Entra Doctor reads"_s;
    QTest::newRow("no manifest") << valid << QByteArray() << u"has no manifest.json"_s;
    QList<ZipItem> unlisted = valid;
    unlisted << ZipItem { u"manifest.json"_s, manifestJson(1, valid), {} }
             << ZipItem { u"extra.txt"_s, "x", {} };
    QTest::newRow("unlisted entry")
        << unlisted << QByteArray() << u"extra.txt is not listed in its manifest"_s;
    QTest::newRow("garbage") << QList<ZipItem> {} << QByteArray("this is no zip at all")
                             << u"it is not a zip file"_s;
    QByteArray damaged("PK\x03\x04", 4);
    damaged.append(QByteArray(200, '\x7f'));
    QTest::newRow("damaged zip") << QList<ZipItem> {} << damaged << u"is damaged"_s;
}

void TestSupportBundle::craftedZipsAreRefused()
{
    QFETCH(QList<ZipItem>, items);
    QFETCH(QByteArray, rawBytes);
    QFETCH(QString, message);

    QTemporaryDir scratch;
    const QString work = scratch.filePath(u"work"_s);
    const QString extract = scratch.filePath(u"work/extract"_s);
    QVERIFY(QDir().mkpath(extract));
    const QString zip = scratch.filePath(u"work/crafted.zip"_s);
    if (rawBytes.isEmpty()) {
        writeZip(zip, items);
    } else {
        QFile f(zip);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(rawBytes);
    }

    ReadLimits limits;
    limits.temporaryParent = extract;
    Result<ImportedBundle> read = SupportBundleReader::read(zip, limits);
    QVERIFY(!read);
    QVERIFY2(read.error().message.contains(message), qPrintable(read.error().message));
    QVERIFY(!read.error().fix.isEmpty());

    // Nothing outside the temporary folder, and the temporary folder is gone again.
    QCOMPARE(filesBelow(scratch.path()), QStringList { u"work/crafted.zip"_s });
    QVERIFY(QDir(extract).isEmpty());
    QVERIFY(!QFile::exists(QDir::tempPath() + u"/entra-bundle-test-evil-absolute"_s));
    QVERIFY(!QFile::exists(QDir(work).filePath(u"../evil"_s)));
}

void TestSupportBundle::secretsNeverReachTheBundle()
{
    const QList<QByteArray> secrets {
        "PLANTEDPRTVALUE0123456789",
        "PLANTEDSESSIONKEY987654321",
        "PLANTEDREFRESHTOKEN55555",
        "PLANTEDJWTPAYLOAD",
        "PLANTEDPASSWORD777",
        "PLANTEDDEVICECODE42",
        "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQPLANTEDKEY",
        "PLANTEDNGCPIN2468",
    };

    QTemporaryDir scratch;
    const QString state = scratch.filePath(u"state"_s);
    QVERIFY(QDir().mkpath(state + u"/logs"_s));
    QVERIFY(QDir().mkpath(state + u"/keys"_s));
    auto put = [](const QString &path, const QByteArray &data) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(data);
    };
    put(state + u"/prt.json"_s,
        "{\"prt\":\"PLANTEDPRTVALUE0123456789\",\"session_key\":\"PLANTEDSESSIONKEY987654321\","
        "\"refresh_token\":\"PLANTEDREFRESHTOKEN55555\"}");
    put(state + u"/prt-attempt.json"_s, "{\"device_code\":\"PLANTEDDEVICECODE42\"}");
    put(state + u"/ngc.json"_s, "{\"pin\":\"PLANTEDNGCPIN2468\"}");
    put(state + u"/registration.json"_s, "{\"password\":\"PLANTEDPASSWORD777\"}");
    put(state + u"/keys/device.key"_s,
        "-----BEGIN PRIVATE KEY-----\n"
        "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQPLANTEDKEY\n"
        "-----END PRIVATE KEY-----\n");
    // An operation log as a careless (older) writer could have left it.
    put(state + u"/logs/operations.jsonl"_s,
        "{\"time\":\"2024-05-01T10:00:00.000Z\",\"correlationId\":"
        "\"0b7f4e2a-1c3d-4e5f-8a9b-0c1d2e3f4a5b\",\"operation\":\"prt\",\"step\":\"send\","
        "\"result\":\"failed\",\"message\":\"refresh_token=PLANTEDREFRESHTOKEN55555 "
        "Bearer eyJhbGciOiJSUzI1NiJ9.PLANTEDJWTPAYLOAD.c2ln password=PLANTEDPASSWORD777\"}\n"
        "not json at all: refresh_token=PLANTEDREFRESHTOKEN55555 eyJhbGciOiJSUzI1NiJ9."
        "PLANTEDJWTPAYLOAD.c2ln PLANTEDPRTVALUE0123456789PLANTEDSESSIONKEY987654321\n");
    put(state + u"/logs/operations.1.jsonl"_s,
        "{\"time\":\"2024-05-01T09:00:00.000Z\",\"correlationId\":"
        "\"0b7f4e2a-1c3d-4e5f-8a9b-0c1d2e3f4a5c\",\"operation\":\"pin\",\"step\":\"set\","
        "\"result\":\"failed\",\"message\":\"pin=PLANTEDNGCPIN2468 "
        "device_code=PLANTEDDEVICECODE42\"}\n");

    SupportBundleContent content;
    content.snapshot = sampleSnapshot();
    // Values a careless collector could have copied into the status.
    content.snapshot.ensureSection(u"SSO State"_s)
        .set(u"Debug"_s,
             u"access_token=PLANTEDREFRESHTOKEN55555 eyJ0eXAiOiJKV1QifQ."
             u"PLANTEDJWTPAYLOAD.c2ln"_s);
    content.snapshot.origin.unplacedLines << u"password: PLANTEDPASSWORD777"_s;
    content.stateDirectory = state;
    const QString zip = scratch.filePath(u"b.zip"_s);
    Result<Manifest> written = SupportBundleWriter::write(zip, content);
    QVERIFY2(written, qPrintable(written ? QString() : written.error().message));

    const QList<ZipItem> items = readZip(zip);
    QStringList paths;
    for (const ZipItem &item : items)
        paths << item.path;
    QVERIFY(paths.contains(u"events/operations.jsonl"_s));
    QVERIFY(paths.contains(u"events/operations.1.jsonl"_s));
    for (const QString &forbidden : { u"prt.json"_s, u"prt-attempt.json"_s, u"ngc.json"_s,
                                      u"registration.json"_s, u"device.key"_s }) {
        for (const QString &path : paths)
            QVERIFY2(!path.endsWith(forbidden), qPrintable(path));
    }

    QFile raw(zip);
    QVERIFY(raw.open(QIODevice::ReadOnly));
    const QByteArray zipBytes = raw.readAll();
    for (const QByteArray &secret : secrets) {
        const QString secretText = QString::fromLatin1(secret);
        const QByteArray utf16(reinterpret_cast<const char *>(secretText.utf16()),
                               secretText.size() * 2);
        QVERIFY2(!zipBytes.contains(secret), secret.constData());
        for (const ZipItem &item : items) {
            QVERIFY2(!item.data.contains(secret),
                     qPrintable(item.path + u" holds "_s + secretText));
            QVERIFY2(!item.data.contains(utf16),
                     qPrintable(item.path + u" holds UTF-16 "_s + secretText));
        }
    }
    for (const ZipItem &item : items)
        QVERIFY2(!item.data.contains("PRIVATE KEY"), qPrintable(item.path));
}

void TestSupportBundle::identitiesAreMasked()
{
    QTemporaryDir scratch;
    SupportBundleContent content;
    content.snapshot = sampleSnapshot();
    content.snapshot.ensureSection(u"Tenant Details"_s).set(u"TenantId"_s, kTenant);
    content.snapshot.ensureSection(u"Diagnostic Data"_s)
        .set(u"Executing Account Name"_s, u"CONTOSO\\alice, "_s + kUpn);
    content.snapshot.ensureSection(u"User State"_s).set(u"UserEmail"_s, kUpn.toUpper());
    content.redactIdentities = true;
    const QString zip = scratch.filePath(u"b.zip"_s);
    Result<Manifest> written = SupportBundleWriter::write(zip, content);
    QVERIFY(written);
    QVERIFY(written->identitiesRedacted);

    const QList<ZipItem> items = readZip(zip);
    for (const ZipItem &item : items) {
        const QString text = QString::fromUtf8(item.data);
        QVERIFY2(!text.contains(kTenant, Qt::CaseInsensitive), qPrintable(item.path));
        QVERIFY2(!text.contains(kUpn, Qt::CaseInsensitive), qPrintable(item.path));
        QVERIFY2(!text.contains(u"028226e0-99ea-4fab-9d1b-daa440c9e286"_s, Qt::CaseInsensitive),
                 qPrintable(item.path));
    }

    Result<ImportedBundle> read = SupportBundleReader::read(zip);
    QVERIFY(read);
    const QString executing
        = read->snapshot.value(u"Diagnostic Data"_s, u"Executing Account Name"_s);
    const QString email = read->snapshot.value(u"User State"_s, u"UserEmail"_s);
    QVERIFY2(executing.endsWith(u"@masked.invalid"_s), qPrintable(executing));
    QVERIFY(executing.endsWith(email)); // the same UPN, in any case, gets the same mask
    QVERIFY(
        read->snapshot.value(u"Tenant Details"_s, u"TenantId"_s).startsWith(u"masked-tenant-"_s));
    QVERIFY(read->manifest.identitiesRedacted);
}

void TestSupportBundle::maskerIsConsistent()
{
    IdentityMasker masker;
    masker.addTenantId(kTenant);
    const QString a = masker.mask(u"bob@fabrikam.example and "_s + kTenant);
    const QString b
        = masker.mask(u"BOB@FABRIKAM.EXAMPLE, carol@fabrikam.example, "_s + kTenant.toUpper());
    QCOMPARE(a, u"user1@masked.invalid and masked-tenant-1"_s);
    QCOMPARE(b, u"user1@masked.invalid, user2@masked.invalid, masked-tenant-1"_s);
}

QTEST_GUILESS_MAIN(TestSupportBundle)
#include "tst_supportbundle.moc"

void TestSupportBundle::manifestSizesAreWholeNumbers_data()
{
    QTest::addColumn<QByteArray>("size");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("431") << QByteArray("431") << true;
    QTest::newRow("zero") << QByteArray("0") << true;
    QTest::newRow("negative") << QByteArray("-1") << false;
    QTest::newRow("fraction") << QByteArray("12.5") << false;
    QTest::newRow("text") << QByteArray("\"431\"") << false;
    QTest::newRow("beyond qint64") << QByteArray("9.3e18") << false;
    // fuzz_bundle: converting this double to qint64 was undefined behaviour.
    QTest::newRow("7.8e74") << QByteArray("7.8e74") << false;
}

void TestSupportBundle::manifestSizesAreWholeNumbers()
{
    QFETCH(QByteArray, size);
    QFETCH(bool, accepted);
    QFile seed(QStringLiteral(ENTRA_FUZZ_CORPUS_DIR "/bundle/manifest.json"));
    QVERIFY(seed.open(QIODevice::ReadOnly));
    QByteArray json = seed.readAll();
    QVERIFY(json.contains("\"size\": 431"));
    json.replace(QByteArray("\"size\": 431"), QByteArray("\"size\": " + size));
    const Result<Manifest> manifest = Manifest::fromJson(json);
    QCOMPARE(bool(manifest), accepted);
    if (accepted)
        QCOMPARE(manifest->entries.first().size, size.toLongLong());
    else
        QVERIFY2(manifest.error().message.contains(u"manifest"_s, Qt::CaseInsensitive),
                 qPrintable(manifest.error().message));

    // The input fuzz_bundle found is refused the same way.
    QFile crash(QStringLiteral(ENTRA_FUZZ_CORPUS_DIR "/bundle/crash-manifest-size-1e74.json"));
    QVERIFY(crash.open(QIODevice::ReadOnly));
    QVERIFY(!Manifest::fromJson(crash.readAll()));
}
