// The Certificates page offscreen: open, password prompts, bad files, drop, and the status
// cross-check, read back from the widgets.
#include "certificatefieldsmodel.h"
#include "dsregcmd/statusimport.h"
#include "findingsmodel.h"
#include "pages/certificatespage.h"
#include "testcertificates.h"
#include "widgets/findingsview.h"

#include <QFile>
#include <QLabel>
#include <QMimeData>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTreeView>

using namespace Entra;
using namespace Entra::Ui;
using namespace Qt::Literals::StringLiterals;

class TestCertificatesPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void opensADerCertificate();
    void asksForThePfxPasswordUntilRight();
    void cancelledPasswordShowsTheError();
    void truncatedFileSaysSo();
    void dropOpensTheFile();
    void statusMakesTheChecksCompare();

private:
    QString write(const QString &name, const QByteArray &data);
    QTemporaryDir m_dir;
    TestCertificates::Minted m_cert;
};

QString TestCertificatesPage::write(const QString &name, const QByteArray &data)
{
    QFile file(m_dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write");
    file.write(data);
    return file.fileName();
}

void TestCertificatesPage::initTestCase()
{
    m_cert = TestCertificates::mint();
}

void TestCertificatesPage::opensADerCertificate()
{
    CertificatesPage page;
    QSignalSpy shown(&page, &CertificatesPage::certificateShown);
    page.openFile(write(u"device.cer"_s, m_cert.der));
    QVERIFY(page.isLoading()); // the page did not wait for the file
    QVERIFY(shown.wait(10000));
    QCOMPARE(page.fieldsModel()->value(u"Device registration"_s, u"Device ID"_s),
             u"9d53c6fa-b38e-4509-8fb1-51dedb421aac"_s);
    QCOMPARE(page.fieldsModel()->value(u"Extensions"_s, u"Tenant ID (1.2.840.113556.1.5.284.5)"_s),
             u"72b988bf-86f1-41af-91ab-2d7cd011db47"_s);
    QCOMPARE(page.findingsView()->model()->rowCount(), 7);
    QVERIFY(page.findingsView()->details()->toPlainText().contains(u"Issued by MS-Organization"_s));
    QCOMPARE(page.attentionCount(), 0);
    QVERIFY(page.errorLabel()->isHidden());
}

void TestCertificatesPage::asksForThePfxPasswordUntilRight()
{
    CertificatesPage page;
    QStringList prompts;
    QStringList answers { u"wrong"_s, u"right"_s };
    page.askPassword = [&](const QString &prompt, QString *password) {
        prompts << prompt;
        *password = answers.takeFirst();
        return true;
    };
    QSignalSpy shown(&page, &CertificatesPage::certificateShown);
    page.openFile(
        write(u"device.pfx"_s, TestCertificates::toPfx(m_cert.der, m_cert.keyPkcs8, "right")));
    QVERIFY(shown.wait(10000));
    QCOMPARE(prompts.size(), 2);
    QVERIFY(prompts.at(0).startsWith(u"Password for device.pfx"_s));
    QVERIFY(prompts.at(1).startsWith(u"The password was wrong"_s));
    QVERIFY(page.file()->hasPrivateKey());
    QCOMPARE(outcomeName(page.checks().at(6).outcome), u"pass"_s); // KeySignTest with the key
}

void TestCertificatesPage::cancelledPasswordShowsTheError()
{
    CertificatesPage page;
    page.askPassword = [](const QString &, QString *) {
        return false;
    };
    QSignalSpy failed(&page, &CertificatesPage::loadFailed);
    page.openFile(
        write(u"locked.pfx"_s, TestCertificates::toPfx(m_cert.der, m_cert.keyPkcs8, "pw")));
    QVERIFY(failed.wait(10000));
    QVERIFY(!page.errorLabel()->isHidden());
    QVERIFY(page.errorLabel()->text().contains(u"protected by a password"_s));
}

void TestCertificatesPage::truncatedFileSaysSo()
{
    CertificatesPage page;
    QSignalSpy failed(&page, &CertificatesPage::loadFailed);
    page.openFile(write(u"half.cer"_s, m_cert.der.left(200)));
    QVERIFY(failed.wait(10000));
    QVERIFY2(page.errorLabel()->text().contains(u"half.cer"_s),
             qPrintable(page.errorLabel()->text()));
    QVERIFY(page.errorLabel()->text().contains(u"truncated"_s));
    QVERIFY(!page.file());
}

void TestCertificatesPage::dropOpensTheFile()
{
    CertificatesPage page;
    page.resize(900, 700);
    QSignalSpy shown(&page, &CertificatesPage::certificateShown);
    auto *mime = new QMimeData;
    mime->setUrls(
        { QUrl::fromLocalFile(write(u"dropped.pem"_s, TestCertificates::toPem(m_cert.der))) });
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&page, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&page, &drop);
    QVERIFY(shown.wait(10000));
    QCOMPARE(page.file()->format, CertificateFile::Format::Pem);
    delete mime;
}

void TestCertificatesPage::statusMakesTheChecksCompare()
{
    CertificatesPage page;
    QSignalSpy shown(&page, &CertificatesPage::certificateShown);
    page.openFile(write(u"device2.cer"_s, m_cert.der));
    QVERIFY(shown.wait(10000));
    QCOMPARE(page.attentionCount(), 0);
    const Result<StatusSnapshot> status = StatusImport::fromFile(
        QStringLiteral(ENTRA_TEST_DATA_DIR "/dsregcmd/hybrid-prt-failure.txt"));
    QVERIFY(status);
    page.showSnapshot(*status);
    QVERIFY(shown.wait(10000));
    QCOMPARE(page.attentionCount(), 2); // subject vs DeviceId and the thumbprint
}

QTEST_MAIN(TestCertificatesPage)
#include "tst_certificatespage.moc"
