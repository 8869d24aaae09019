window.ledger={section:'business'};
