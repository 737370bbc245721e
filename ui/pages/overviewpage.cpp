#include "overviewpage.h"

#include "findingsmodel.h"
#include "knowledge/knowledgebase.h"
#include "state/healthsummary.h"
#include "widgets/healthcard.h"

#include <QLabel>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Ui {

// "AADSTS50126: meaning Fix" for each known code in the evidence.
static QString explainCodes(const QString &evidence)
{
    QStringList lines;
    for (const CodeInfo *code : KnowledgeBase::builtIn().codesMentionedIn(evidence)) {
        QString line = code->code + u": "_s + code->meaning;
        if (!code->fix.isEmpty())
            line += u' ' + code->fix;
        lines << line;
    }
    return lines.join(u'\n');
}

OverviewPage::OverviewPage(QWidget *parent)
    : StatusPage(parent)
    , m_joinType(new QLabel(this))
    , m_joinEvidence(new QLabel(this))
    , m_device(new HealthCard(u"Device registration"_s, this))
    , m_sso(new HealthCard(u"Single sign-on (PRT)"_s, this))
    , m_hello(new HealthCard(u"Windows Hello for Business"_s, this))
    , m_topFindingsCaption(new QLabel(u"Top findings (see Diagnostics)"_s, this))
    , m_topFindings(new QLabel(this))
{
    m_joinType->setObjectName(u"joinTypeLabel"_s);
    QFont joinFont = m_joinType->font();
    joinFont.setPointSizeF(joinFont.pointSizeF() * 1.6);
    joinFont.setBold(true);
    m_joinType->setFont(joinFont);
    m_joinType->setWordWrap(true);
    m_joinEvidence->setObjectName(u"joinEvidenceLabel"_s);
    m_joinEvidence->setWordWrap(true);
    m_device->setObjectName(u"deviceHealthCard"_s);
    m_sso->setObjectName(u"ssoHealthCard"_s);
    m_hello->setObjectName(u"helloHealthCard"_s);

    auto *cards = new QVBoxLayout; // full width: wrapped text stays short and fully visible
    cards->addWidget(m_device);
    cards->addWidget(m_sso);
    cards->addWidget(m_hello);

    auto *layout = new QVBoxLayout(this);
    auto *caption = new QLabel(u"Join type"_s, this);
    layout->addWidget(caption);
    layout->addWidget(m_joinType);
    layout->addWidget(m_joinEvidence);
    layout->addSpacing(12);
    layout->addLayout(cards);
    m_topFindings->setObjectName(u"topFindings"_s);
    m_topFindings->setTextFormat(Qt::RichText);
    m_topFindings->setWordWrap(true);
    m_topFindingsCaption->hide();
    m_topFindings->hide();
    layout->addSpacing(8);
    layout->addWidget(m_topFindingsCaption);
    layout->addWidget(m_topFindings);
    layout->addStretch();
}

void OverviewPage::showSnapshot(const StatusSnapshot &snapshot)
{
    // Staleness is judged against now only for live state; an imported paste has no clock.
    const QDateTime now = snapshot.origin.kind == SourceKind::ThisDevice
        ? QDateTime::currentDateTimeUtc()
        : QDateTime();
    const HealthSummary summary = summarizeHealth(snapshot, now);
    m_joinType->setText(summary.join.title);
    m_joinEvidence->setText(summary.join.explanation);
    m_device->setItem(summary.device, explainCodes(summary.device.detail));
    m_sso->setItem(summary.sso, explainCodes(summary.sso.detail));
    m_hello->setItem(summary.hello, explainCodes(summary.hello.detail));
}

void OverviewPage::showFindings(const QList<Finding> &findings)
{
    // Up to three, most severe first; notes only when nothing is wrong.
    QList<Finding> sorted = findings;
    sortBySeverity(sorted);
    QStringList items;
    for (const Finding &f : std::as_const(sorted)) {
        if (items.size() == 3 || f.outcome == CheckOutcome::Pass || f.outcome == CheckOutcome::Skip)
            break;
        if (f.outcome == CheckOutcome::Info && !items.isEmpty())
            break;
        items << u"<li><b style='color:%1'>%2</b>: %3</li>"_s.arg(
            Models::FindingsModel::outcomeColor(f.outcome).name(), outcomeLabel(f.outcome),
            f.title.toHtmlEscaped());
    }
    m_topFindings->setText(
        items.isEmpty() ? u"No problems found."_s
                        : u"<ul style='margin-left:-20px'>%1</ul>"_s.arg(items.join(QString())));
    m_topFindingsCaption->show();
    m_topFindings->show();
}

int OverviewPage::attentionCount() const
{
    int count = 0;
    for (const HealthCard *card : { m_device, m_sso, m_hello })
        count += card->health() == Health::Problem;
    return count;
}

} // namespace Entra::Ui
