// The TPM page against a real swtpm: verdict first, properties in the table, the GUI thread
// never waits for the TPM.
#include "pages/tpmpage.h"
#include "swtpminstance.h"

#include <QElapsedTimer>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QThreadPool>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace Entra;
using namespace Entra::Ui;
using namespace Entra::Test;

namespace {

TctiOptions optionsFor(const QString &tcti)
{
    TctiOptions options;
    options.explicitTcti = tcti;
    options.useEnvironment = false;
    return options;
}

QString text(const QWidget &page, const QString &name)
{
    const auto *label = page.findChild<QLabel *>(name);
    return label ? label->text() : QString();
}

} // namespace

class TestTpmPage : public QObject
{
    Q_OBJECT

private slots:
    void readyTpmOnFirstShow();
    void tpmGoneShowsReasonsAndFix();
    void closingWhileTheTpmHangsDoesNotBlock();
};

void TestTpmPage::readyTpmOnFirstShow()
{
    SwtpmInstance swtpm;
    QVERIFY2(swtpm.start(), qPrintable(swtpm.errorString()));
    TpmPage page(optionsFor(swtpm.tcti()));
    QSignalSpy shown(&page, &TpmPage::reportShown);
    QCOMPARE(text(page, u"tpmVerdict"_s), u"Not checked yet."_s);
    page.show();
    QVERIFY(page.isProbing());
    QVERIFY(!page.findChild<QPushButton *>(u"tpmRefresh"_s)->isEnabled());
    QVERIFY(shown.wait(30000));
    QCOMPARE(text(page, u"tpmVerdict"_s), u"The TPM is ready for use."_s);
    QVERIFY(!page.findChild<QLabel *>(u"tpmReasons"_s)->isVisible());
    QVERIFY(page.findChild<QPushButton *>(u"tpmRefresh"_s)->isEnabled());
    QCOMPARE(page.attentionCount(), 0);
    QVERIFY(page.model()->rowCount() > 20);
    QCOMPARE(page.view()->model(), page.model());
    bool foundIbm = false;
    for (int row = 0; row < page.model()->rowCount(); ++row)
        foundIbm = foundIbm || page.model()->index(row, 1).data().toString() == u"IBM"_s;
    QVERIFY(foundIbm);
}

void TestTpmPage::tpmGoneShowsReasonsAndFix()
{
    SwtpmInstance swtpm;
    QVERIFY2(swtpm.start(), qPrintable(swtpm.errorString()));
    TpmPage page(optionsFor(swtpm.tcti()));
    QSignalSpy shown(&page, &TpmPage::reportShown);
    page.show();
    QVERIFY(shown.wait(30000));
    QVERIFY(page.report()->ready());

    swtpm.kill();
    page.findChild<QPushButton *>(u"tpmRefresh"_s)->click();
    QVERIFY(shown.wait(30000));
    QCOMPARE(text(page, u"tpmVerdict"_s), u"The TPM is not ready for use."_s);
    const QString reasons = text(page, u"tpmReasons"_s);
    QVERIFY2(reasons.contains(u"Fix: "_s), qPrintable(reasons));
    QVERIFY(page.findChild<QLabel *>(u"tpmReasons"_s)->isVisible());
    QVERIFY(page.attentionCount() >= 1);
    QVERIFY(page.model()->problemCount() >= 1);
}

void TestTpmPage::closingWhileTheTpmHangsDoesNotBlock()
{
    SwtpmInstance swtpm;
    QVERIFY2(swtpm.start(), qPrintable(swtpm.errorString()));
    swtpm.suspend(); // the TPM stops answering
    auto page = std::make_unique<TpmPage>(optionsFor(swtpm.tcti()));
    page->show();
    QTest::qWait(200);
    QVERIFY(page->isProbing());
    QElapsedTimer timer;
    timer.start();
    page.reset();
    QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
    swtpm.kill(); // lets the pool thread that stops the worker finish
    QVERIFY(QThreadPool::globalInstance()->waitForDone(30000));
}

QTEST_MAIN(TestTpmPage)
#include "tst_tpmpage.moc"
