# Two bound MetaData: an unbound sessionmaker needs binds={...}, chosen by hand.
from sqlalchemy import MetaData, create_engine
from sqlalchemy.orm import sessionmaker

main = create_engine("sqlite:///main.db")
audit = create_engine("sqlite:///audit.db")
main_metadata = MetaData(bind=main)
audit_metadata = MetaData(bind=audit)
Session = sessionmaker()
main_metadata.create_all(main)
audit_metadata.create_all(audit)
