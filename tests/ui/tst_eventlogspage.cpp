// The Event logs page offscreen: imports real shared samples and an operation log, filters,
// selects and explains an event, the timeline, drag and drop, a bad file, cancel, and "show
// events around this time" from the User & SSO page of the main window.
#include "eventfilterproxymodel.h"
#include "eventimportqueue.h"
#include "eventlogmodel.h"
#include "local/deviceenvironment.h"
#include "mainwindow.h"
#include "oplog/operationlog.h"
#include "pages/eventlogspage.h"
#include "pages/statusfieldspage.h"
#include "widgets/eventdetailsview.h"
#include "widgets/eventfilterbar.h"
#include "widgets/eventtimeline.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace Entra;
using namespace Entra::Ui;
using namespace Entra::Models;
using namespace Qt::Literals::StringLiterals;

namespace {

QString sample(const QString &name)
{
    return QStringLiteral(ENTRA_SAMPLES_DIR "/evtx/") + name;
}

const QString hello = u"omerbenamram-evtx__Microsoft-Windows-HelloForBusiness%4Operational.evtx"_s;
const QString application = u"omerbenamram-evtx__Application_no_crc32.evtx"_s;
const QString security
    = u"hayabusa-sample-evtx__DeepBlueCLI__smb-password-guessing-security.evtx"_s;
const QString kRun = u"0b5a2f6c-1d2e-4f55-9a77-1234567890ab"_s;

// A join that failed at 2020-07-18 20:10:30 UTC, near the fixture's Previous Prt Attempt.
void writeOperationLog(const QString &stateDir)
{
    OpLog::OperationLog log(stateDir);
    const QDateTime t(QDate(2020, 7, 18), QTime(20, 10, 30), Qt::UTC);
    using R = OpLog::OperationResult;
    const QList<OpLog::OperationLogEntry> entries {
        { t, kRun, u"join"_s, u"discover"_s, R::Started, {}, {} },
        { t.addSecs(1), kRun, u"join"_s, u"discover"_s, R::Succeeded, {}, {} },
        { t.addSecs(2), kRun, u"join"_s, u"sign-in"_s, R::Failed, u"AADSTS50126"_s,
          u"The user name or password is wrong."_s },
        { t.addSecs(3), kRun, u"join"_s, u"sign-in"_s, R::RolledBack, {}, u"Nothing to undo."_s },
        // Far away in time: outside "around this time".
        { t.addDays(3), kRun, u"prt"_s, u"refresh"_s, R::Succeeded, {}, {} },
    };
    for (const auto &e : entries) {
        if (!log.append(e))
            qFatal("cannot write the operation log");
    }
}

int rowWithId(const EventLogsPage &page, quint32 id)
{
    const QAbstractItemModel *model = page.view()->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, EventLogModel::IdColumn).data().toUInt() == id)
            return row;
    }
    return -1;
}

} // namespace

class TestEventLogsPage : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void importsSamplesWithoutBlocking();
    void filtersAndExplainsTheSelectedEvent();
    void showsTheOperationLogOfTheStateDirectory();
    void timelineClickFiltersToItsBucket();
    void dropsImportFiles();
    void badFileIsReportedAndThePageKeepsWorking();
    void cancelStopsTheImport();
    void clearRemovesEverything();
    void eventsAroundThisTimeFromTheUserPage();

private:
    bool waitForImports(EventLogsPage &page);
    QTemporaryDir *m_stateDir = nullptr;
    EventLogsPage *m_page = nullptr;
};

void TestEventLogsPage::init()
{
    m_stateDir = new QTemporaryDir;
    m_page = new EventLogsPage;
    m_page->setStateDirectory(m_stateDir->path()); // empty: no operation log
    m_page->resize(1000, 700);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page));
}

void TestEventLogsPage::cleanup()
{
    delete m_page;
    m_page = nullptr;
    delete m_stateDir;
    m_stateDir = nullptr;
}

bool TestEventLogsPage::waitForImports(EventLogsPage &page)
{
    QSignalSpy done(&page, &EventLogsPage::importsFinished);
    return page.importQueue()->isBusy() ? done.wait(30000) : true;
}

void TestEventLogsPage::importsSamplesWithoutBlocking()
{
    QVERIFY(m_page->findChild<QLabel *>(u"eventsEmptyNote"_s)->isVisible());
    m_page->importFiles({ sample(hello), sample(application) });
    // The files are read off the GUI thread: nothing has arrived yet, the progress shows.
    QCOMPARE(m_page->model()->totalCount(), 0);
    QVERIFY(m_page->findChild<QProgressBar *>(u"importProgress"_s)->isVisible());
    QVERIFY(m_page->findChild<QPushButton *>(u"cancelImportButton"_s)->isVisible());
    QVERIFY(waitForImports(*m_page));
    QCOMPARE(m_page->model()->totalCount(), 5 + 17);
    QCOMPARE(m_page->view()->model()->rowCount(), 22);
    QVERIFY(!m_page->findChild<QProgressBar *>(u"importProgress"_s)->isVisible());
    QVERIFY(!m_page->findChild<QLabel *>(u"eventsEmptyNote"_s)->isVisible());
    QCOMPARE(m_page->countText(), u"22 events"_s);
    // The label sums up; the tooltip has each file and what was skipped in the damaged one.
    QCOMPARE(m_page->importStatusText(), u"2 files: 22 events, 1 damaged record skipped"_s);
    const QString tip = m_page->findChild<QLabel *>(u"importStatus"_s)->toolTip();
    QVERIFY2(tip.contains(u"HelloForBusiness%4Operational.evtx: 5 events, 1 damaged record "
                          u"skipped"_s),
             qPrintable(tip));
    QVERIFY2(tip.contains(u"Application_no_crc32.evtx: 17 events"_s), qPrintable(tip));
    QVERIFY2(tip.contains(u"What was skipped"_s) && tip.contains(u"chunk"_s), qPrintable(tip));
    // Both channels are offered.
    const auto *channels = m_page->findChild<QComboBox *>(u"channelFilter"_s);
    QCOMPARE(channels->count(), 3);
    QVERIFY(channels->findText(u"Microsoft-Windows-HelloForBusiness/Operational"_s) > 0);
    QVERIFY(channels->findText(u"Application"_s) > 0);
    // Importing the same file again does not double the events.
    m_page->importFiles({ sample(hello) });
    QVERIFY(waitForImports(*m_page));
    QCOMPARE(m_page->model()->totalCount(), 22);
    QVERIFY(m_page->findChild<QLabel *>(u"importStatus"_s)
                ->toolTip()
                .contains(u"HelloForBusiness%4Operational.evtx: already imported"_s));
}

void TestEventLogsPage::filtersAndExplainsTheSelectedEvent()
{
    m_page->importFiles({ sample(hello), sample(application) });
    QVERIFY(waitForImports(*m_page));
    EventFilterBar *bar = m_page->filterBar();
    bar->setChannel(u"Microsoft-Windows-HelloForBusiness/Operational"_s);
    QCOMPARE(m_page->view()->model()->rowCount(), 5);
    bar->setLevelChoice(4); // Error
    QCOMPARE(m_page->view()->model()->rowCount(), 2);
    QCOMPARE(m_page->countText(), u"Showing 2 of 22 events"_s);

    // Typing an id list filters after a short pause.
    auto *ids = m_page->findChild<QLineEdit *>(u"idFilter"_s);
    ids->setFocus();
    QTest::keyClicks(ids, u"7210"_s);
    QTRY_COMPARE(m_page->view()->model()->rowCount(), 1);

    m_page->view()->setCurrentIndex(m_page->view()->model()->index(0, 0));
    const QString details = m_page->details()->toPlainText();
    QVERIFY2(details.contains(u"Hello prerequisite failed: remote desktop"_s), qPrintable(details));
    QVERIFY2(details.contains(u"What it means:"_s), qPrintable(details));
    QVERIFY(details.contains(u"Event ID\t7210"_s) || details.contains(u"7210"_s));
    QVERIFY(details.contains(u"Microsoft-Windows-HelloForBusiness/Operational"_s));
    QVERIFY2(details.contains(u"About Microsoft-Windows-HelloForBusiness/Operational"_s),
             qPrintable(details));

    // A bad id list is explained and does not break the rest of the filter.
    ids->clear();
    QTest::keyClicks(ids, u"12x"_s);
    QTRY_VERIFY(!bar->problem().isEmpty());
    QVERIFY2(bar->problem().contains(u"\"12x\" is not an event id"_s), qPrintable(bar->problem()));
    QCOMPARE(m_page->view()->model()->rowCount(), 2); // channel and level still apply

    // Free text also finds the rendered message.
    bar->clear();
    bar->setText(u"prerequisites check started"_s);
    QCOMPARE(m_page->view()->model()->rowCount(), 1);
    QCOMPARE(m_page->view()->model()->index(0, EventLogModel::IdColumn).data().toUInt(), 3054u);
}

void TestEventLogsPage::showsTheOperationLogOfTheStateDirectory()
{
    QTemporaryDir state;
    writeOperationLog(state.path());
    EventLogsPage page;
    page.setStateDirectory(state.path());
    QSignalSpy done(&page, &EventLogsPage::importsFinished);
    page.show(); // the log is read the first time the page is shown
    QVERIFY(done.wait(30000));
    QCOMPARE(page.model()->totalCount(), 5);
    QCOMPARE(page.model()->record(0).channel, u"EntraDoctor/Operations"_s);
    const int failed = rowWithId(page, 3);
    QVERIFY(failed >= 0);
    QCOMPARE(page.view()->model()->index(failed, EventLogModel::LevelColumn).data().toString(),
             u"Error"_s);
    QCOMPARE(page.view()->model()->index(failed, EventLogModel::MessageColumn).data().toString(),
             u"join: sign-in failed (AADSTS50126): The user name or password is wrong."_s);
    page.view()->setCurrentIndex(page.view()->model()->index(failed, 0));
    const QString details = page.details()->toPlainText();
    QVERIFY2(details.contains(u"What to do:"_s), qPrintable(details));
    QVERIFY2(details.contains(u"Error codes"_s) && details.contains(u"AADSTS50126"_s),
             qPrintable(details));
    QVERIFY(details.contains(kRun));
}

void TestEventLogsPage::timelineClickFiltersToItsBucket()
{
    m_page->importFiles({ sample(application) });
    QVERIFY(waitForImports(*m_page));
    EventTimeline *timeline = m_page->timeline();
    const Events::EventHistogram histogram = timeline->histogram();
    QVERIFY(!histogram.isEmpty());
    qint64 total = 0;
    for (const auto &b : histogram.buckets)
        total += b.total();
    QCOMPARE(total, 17);
    // The last non-empty bucket, clicked.
    qsizetype bucket = histogram.buckets.size() - 1;
    while (histogram.buckets[bucket].total() == 0)
        --bucket;
    QVERIFY(bucket > 0); // the sample spans minutes: more than one bucket
    QTest::mouseClick(timeline, Qt::LeftButton, {}, timeline->barRect(bucket).center());
    QCOMPARE(m_page->view()->model()->rowCount(), int(histogram.buckets[bucket].total()));
    QCOMPARE(m_page->filterBar()->filter().since(), histogram.bucketStart(bucket));
    QCOMPARE(m_page->filterBar()->filter().until(), histogram.bucketEnd(bucket).addMSecs(-1));
    QVERIFY(m_page->findChild<QLineEdit *>(u"sinceFilter"_s)->text().startsWith(u"2021-03-3"_s));
    // The chart keeps the whole span, so the other buckets can still be clicked.
    QCOMPARE(timeline->histogram().buckets.size(), histogram.buckets.size());
    // Dragging from the first bar to the clicked one selects the range.
    QTest::mousePress(timeline, Qt::LeftButton, {}, timeline->barRect(0).center());
    QTest::mouseMove(timeline, timeline->barRect(bucket).center());
    QTest::mouseRelease(timeline, Qt::LeftButton, {}, timeline->barRect(bucket).center());
    qint64 spanned = 0;
    for (qsizetype i = 0; i <= bucket; ++i)
        spanned += histogram.buckets[i].total();
    QCOMPARE(m_page->view()->model()->rowCount(), int(spanned));
}

void TestEventLogsPage::dropsImportFiles()
{
    QMimeData mime;
    mime.setUrls({ QUrl::fromLocalFile(sample(hello)), QUrl::fromLocalFile(sample(application)) });
    const QPoint pos = m_page->rect().center();
    QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(m_page, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(m_page, &drop);
    QVERIFY(waitForImports(*m_page));
    QCOMPARE(m_page->model()->totalCount(), 22);

    QMimeData text;
    text.setText(u"not a file"_s);
    QDragEnterEvent refused(pos, Qt::CopyAction, &text, Qt::LeftButton, Qt::NoModifier);
    refused.setAccepted(false);
    QCoreApplication::sendEvent(m_page, &refused);
    QVERIFY(!refused.isAccepted());
}

void TestEventLogsPage::badFileIsReportedAndThePageKeepsWorking()
{
    QTemporaryDir dir;
    const QString notes = dir.filePath(u"notes.txt"_s);
    QFile file(notes);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("this is not an event log\n");
    file.close();
    m_page->importFiles({ notes, u"/nonexistent/missing.evtx"_s, sample(application) });
    QVERIFY(waitForImports(*m_page));
    const QString status = m_page->findChild<QLabel *>(u"importStatus"_s)->toolTip();
    QVERIFY2(status.contains(u"notes.txt: "_s) && status.contains(u"is not a Windows event log"_s),
             qPrintable(status));
    QVERIFY2(status.contains(u"missing.evtx: Cannot open"_s), qPrintable(status));
    QCOMPARE(m_page->model()->totalCount(), 17);
}

void TestEventLogsPage::cancelStopsTheImport()
{
    QSignalSpy finished(m_page->importQueue(), &EventImportQueue::fileFinished);
    m_page->importFiles({ sample(security), sample(application) });
    m_page->findChild<QPushButton *>(u"cancelImportButton"_s)->click();
    QVERIFY(waitForImports(*m_page));
    QCOMPARE(finished.count(), 1); // the queued file is dropped too
    const auto report = finished.first().first().value<EventImportReport>();
    QVERIFY(report.cancelled);
    QVERIFY(report.records < 3561);
    QVERIFY(m_page->importStatusText().contains(u"(cancelled)"_s));
    QCOMPARE(m_page->model()->totalCount(), report.records);
    // A cancelled file can be imported again.
    m_page->importFiles({ sample(application) });
    QVERIFY(waitForImports(*m_page));
    QCOMPARE(m_page->model()->totalCount(), report.records + 17);
}

void TestEventLogsPage::clearRemovesEverything()
{
    m_page->importFiles({ sample(application) });
    QVERIFY(waitForImports(*m_page));
    m_page->view()->setCurrentIndex(m_page->view()->model()->index(0, 0));
    QVERIFY(!m_page->details()->toPlainText().isEmpty());
    m_page->findChild<QPushButton *>(u"clearEventsButton"_s)->click();
    QCOMPARE(m_page->model()->totalCount(), 0);
    QVERIFY(m_page->details()->toPlainText().isEmpty());
    QVERIFY(m_page->timeline()->histogram().isEmpty());
    QVERIFY(m_page->findChild<QLabel *>(u"eventsEmptyNote"_s)->isVisible());
    m_page->importFiles({ sample(application) }); // not "already imported" any more
    QVERIFY(waitForImports(*m_page));
    QCOMPARE(m_page->model()->totalCount(), 17);
}

void TestEventLogsPage::eventsAroundThisTimeFromTheUserPage()
{
    QTemporaryDir state;
    writeOperationLog(state.path());
    MainWindow window;
    DeviceEnvironmentOptions options;
    options.stateDir = state.path();
    window.setEnvironment(std::make_shared<DeviceEnvironment>(options));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy shown(&window, &MainWindow::snapshotShown);
    window.openFile(QStringLiteral(ENTRA_TEST_DATA_DIR "/dsregcmd/hybrid-prt-failure.txt"));
    QVERIFY(shown.wait(10000));

    window.selectPage(u"User & SSO"_s);
    auto *user = window.findChild<StatusFieldsPage *>(u"user__ssoPage"_s);
    auto *button = user->findChild<QPushButton *>(u"showEventsAroundButton"_s);
    const QAbstractItemModel *fields = user->view()->model();
    QModelIndex attempt;
    QModelIndex notATime;
    for (int s = 0; s < fields->rowCount(); ++s) {
        const QModelIndex section = fields->index(s, 0);
        for (int f = 0; f < fields->rowCount(section); ++f) {
            const QString key = fields->index(f, 0, section).data().toString();
            if (key == u"Previous Prt Attempt")
                attempt = fields->index(f, 0, section);
            if (key == u"AzureAdPrt")
                notATime = fields->index(f, 0, section);
        }
    }
    QVERIFY(attempt.isValid() && notATime.isValid());
    user->view()->setCurrentIndex(notATime);
    QVERIFY(!button->isVisible()); // "NO" is not a time
    user->view()->setCurrentIndex(attempt);
    QVERIFY(button->isVisible());

    EventLogsPage *events = window.eventLogsPage();
    QSignalSpy imported(events, &EventLogsPage::importsFinished);
    button->click();
    QCOMPARE(window.findChild<QStackedWidget *>(u"pages"_s)->currentWidget(), events);
    // Previous Prt Attempt: 2020-07-18 20:10:33.789 UTC, ± 5 minutes.
    QCOMPARE(events->filterBar()->filter().since(),
             QDateTime(QDate(2020, 7, 18), QTime(20, 5, 33, 789), Qt::UTC));
    QCOMPARE(events->filterBar()->filter().until(),
             QDateTime(QDate(2020, 7, 18), QTime(20, 15, 33, 789), Qt::UTC));
    const auto *note = events->findChild<QLabel *>(u"aroundNote"_s);
    QVERIFY(note->isVisible());
    QVERIFY2(note->text().contains(u"Previous Prt Attempt"_s), qPrintable(note->text()));
    // The operation log (read when the page was first shown): the four entries of the join
    // around that time, not the PRT refresh three days later.
    QVERIFY(imported.count() > 0 || imported.wait(30000));
    QCOMPARE(events->model()->totalCount(), 5);
    QCOMPARE(events->view()->model()->rowCount(), 4);
    QCOMPARE(events->countText(), u"Showing 4 of 5 events"_s);
    // Clearing the filters shows everything and drops the note.
    events->filterBar()->clear();
    QCOMPARE(events->view()->model()->rowCount(), 5);
    QVERIFY(!note->isVisible());
}

QTEST_MAIN(TestEventLogsPage)
#include "tst_eventlogspage.moc"
