#pragma once

#include "events/eventrecord.h"

#include <QTextBrowser>

namespace Entra {
class KnowledgeBase;
}

namespace Entra::Events {
class EventKnowledge;
}

namespace Entra::Ui {

// One event in full: its message, what it means and how to fix it (events knowledge base), the
// channel's description, every field, and the meaning of any error code in a field.
class EventDetailsView : public QTextBrowser
{
    Q_OBJECT

public:
    EventDetailsView(const Events::EventKnowledge &events, const KnowledgeBase &codes,
                     QWidget *parent = nullptr);

    void showRecord(const Events::EventRecord &record, const QString &sourceLabel);
    void showNothing();

    static QString html(const Events::EventRecord &record, const QString &sourceLabel,
                        const Events::EventKnowledge &events, const KnowledgeBase &codes);

private:
    const Events::EventKnowledge &m_events;
    const KnowledgeBase &m_codes;
};

} // namespace Entra::Ui
